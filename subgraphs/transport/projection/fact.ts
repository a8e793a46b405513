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

/** `data` replaces the event's data where a fact needs only part of it (a release names many shipments). */
export function factOf(entry: LoggedEvent, data: Record<string, unknown> = entry.event.data): Fact {
  const { event } = entry;
  return {
    key: eventKey(event),
    eventId: event.id,
    source: event.source,
    type: event.type,
    occurredAt: new Date(event.time).toISOString(),
    recordedAt: entry.recordedAt,
    position: entry.position,
    data,
  };
}

/** A fact's place in occurrence order as one string: ISO times have a fixed width, so these order like `byOccurrence`. */
export function occurrenceKey(fact: Pick<Fact, 'occurredAt' | 'key'>): string {
  return `${fact.occurredAt}|${fact.key}`;
}

/** Facts in the order they happened; ties broken so that every arrival order folds the same. */
export function byOccurrence(a: Fact, b: Fact): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
