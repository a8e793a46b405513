import { EventType, LoggedEvent, eventKey } from '../../../lib/events/types';

/** One event as the projection keeps it: enough to re-derive status and timeline from scratch. */
export interface Fact {
  key: string;
  eventId: string;
  source: string;
  type: EventType;
  occurredAt: string;
  recordedAt: string;
  position: string;
  data: Record<string, unknown>;
}

export function factOf(entry: LoggedEvent): Fact {
  const { event } = entry;
  return {
    key: eventKey(event),
    eventId: event.id,
    source: event.source,
    type: event.type,
    occurredAt: new Date(event.time).toISOString(),
    recordedAt: entry.recordedAt,
    position: entry.position,
    data: event.data,
  };
}

/** Facts in the order they happened; ties broken so that every arrival order folds the same. */
export function byOccurrence(a: Fact, b: Fact): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
