import { createHash } from 'node:crypto';
import { CanonicalEvent } from './types';

/** Key-order-independent JSON, so that the same content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Hash of what makes two deliveries of `source` + `id` "the same event". */
export function contentHash(event: CanonicalEvent): string {
  const { type, time, subject, data } = event;
  return createHash('sha256').update(canonicalJson({ type, time, subject, data })).digest('hex');
}
