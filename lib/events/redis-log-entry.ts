import { StreamEntry, fieldOf } from '../redis/stream-reply';
import { positionOf } from '../redis/stream-position';
import { CanonicalEvent, LoggedEvent } from './types';

/** The one stream field of an entry: JSON of `{ event, recordedAt }`. */
export const ENTRY_FIELD = 'e';

interface EntryPayload {
  event: CanonicalEvent;
  recordedAt: string;
}

export function encodeEntryPayload(event: CanonicalEvent, recordedAt: string): string {
  const payload: EntryPayload = { event, recordedAt };
  return JSON.stringify(payload);
}

/** A stream entry as a log entry; throws on one Lading did not write. */
export function toLoggedEvent(entry: StreamEntry): LoggedEvent {
  const json = fieldOf(entry, ENTRY_FIELD);
  if (json === undefined) throw new Error(`stream entry ${entry.id} has no field "${ENTRY_FIELD}"`);
  const payload = JSON.parse(json) as EntryPayload;
  return { position: positionOf(entry.id), recordedAt: payload.recordedAt, event: payload.event };
}
