import type { CanonicalEvent } from './types';

/**
 * Ids of the events Lading derives from another event: `<kind>:<cause source>:<cause id>`. The id
 * follows from the cause, so a reaction produced twice is a duplicate, and a trace can find the
 * reactions of an event in the log without any extra record.
 */
export function reactionId(kind: string, cause: Pick<CanonicalEvent, 'source' | 'id'>): string {
  return `${kind}:${cause.source}:${cause.id}`;
}

/** `<source>:<id>` of the cause a reaction id names (kinds contain no colon), or null for other ids. */
export function causeTagOf(id: string): string | null {
  const colon = id.indexOf(':');
  return colon > 0 ? id.slice(colon + 1) : null;
}

export function causeTag(event: Pick<CanonicalEvent, 'source' | 'id'>): string {
  return `${event.source}:${event.id}`;
}
