import type { StreamEntry } from '../redis/stream-reply';
import { fieldOf } from '../redis/stream-reply';
import { partitionedPositionOf } from '../redis/stream-position';
import type { CanonicalEvent, LoggedEvent } from './types';

/** The stream field of an entry holding JSON of `{ event, recordedAt }`, and `trace` when traces are exported. */
export const ENTRY_FIELD = 'e';
/**
 * The event's type, beside the payload: a consumer group that ignores the type acknowledges the
 * entry without parsing it. Entries written before it existed have no such field.
 */
export const TYPE_FIELD = 't';

/** The entry's pointers (lib/events/lane-order.ts): `id|id|id`, its aggregate's last entry per lane; absent when it had none. */
export const POINTERS_FIELD = 'p';

/** Per lane, the id the entry's pointer names, or null. */
export function entryPointersOf(entry: StreamEntry, lanes: number): (string | null)[] {
  const ids = (fieldOf(entry, POINTERS_FIELD) ?? '').split('|');
  return Array.from({ length: lanes }, (_, lane) => ids[lane] || null);
}

interface EntryPayload {
  event: CanonicalEvent;
  recordedAt: string;
  /** LoggedEvent.ingestTraceparent; absent (not even the key) when tracing is off. */
  trace?: string;
}

export function encodeEntryPayload(event: CanonicalEvent, recordedAt: string, ingestTraceparent?: string): string {
  const payload: EntryPayload = ingestTraceparent ? { event, recordedAt, trace: ingestTraceparent } : { event, recordedAt };
  return JSON.stringify(payload);
}

/** The type an entry declares in its type field, when it has one. */
export function entryTypeOf(entry: StreamEntry): string | undefined {
  return fieldOf(entry, TYPE_FIELD);
}

/** The logged event of an entry of the stream with index `partition` (log-lanes.ts); throws on one Lading did not write. */
export function toLoggedEvent(entry: StreamEntry, partition: number): LoggedEvent {
  const json = fieldOf(entry, ENTRY_FIELD);
  if (json === undefined) throw new Error(`stream entry ${entry.id} has no field "${ENTRY_FIELD}"`);
  const payload = JSON.parse(json) as EntryPayload;
  const logged: LoggedEvent = {
    position: partitionedPositionOf(entry.id, partition),
    recordedAt: payload.recordedAt,
    event: payload.event,
  };
  if (typeof payload.trace === 'string') logged.ingestTraceparent = payload.trace;
  return logged;
}
