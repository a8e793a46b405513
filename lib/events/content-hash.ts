import { hash } from 'node:crypto';
import { jsonText } from './json-text';
import type { CanonicalEvent } from './types';

/**
 * Hash of what makes two deliveries of `source` + `id` "the same event": key-order-independent
 * JSON, built without recursion (a hostile nesting depth must not overflow the stack). The text is
 * the same as the recursive form used before, so stored hashes still match.
 */
export function contentHash(event: CanonicalEvent): string {
  const { type, time, subject, data } = event;
  return hash('sha256', jsonText({ type, time, subject, data }, { sortKeys: true }));
}
