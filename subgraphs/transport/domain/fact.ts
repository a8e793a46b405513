import type { EventData, TypedEvent } from '../../../lib/events/event-data';
import type { LoggedEvent } from '../../../lib/events/types';
import { EventType, eventKey } from '../../../lib/events/types';

/** One line of a release: what a shipment keeps of the `erp.order.released` that created it. */
export type ReleaseLine = EventData<typeof EventType.OrderReleased>['shipments'][number];

/** What a fact keeps of its event's data: all of it, except that a release keeps only the shipment's own line. */
export type FactDataMap = { [T in EventType]: T extends typeof EventType.OrderReleased ? { shipment: ReleaseLine } : EventData<T> };

interface FactBase {
  key: string;
  eventId: string;
  source: string;
  occurredAt: string;
  recordedAt: string;
  position: string;
}

/** A fact of one event type, its `data` typed by that type. */
export type FactOf<T extends EventType> = FactBase & { type: T; data: FactDataMap[T] };

/** One event as the projection keeps it: enough to re-derive status and timeline from scratch. A `switch` on `type` narrows `data`. */
export type Fact<K extends EventType = EventType> = { [T in K]: FactOf<T> }[K];

function baseOf(entry: LoggedEvent): FactBase {
  const { event } = entry;
  return {
    key: eventKey(event),
    eventId: event.id,
    source: event.source,
    occurredAt: new Date(event.time).toISOString(),
    recordedAt: entry.recordedAt,
    position: entry.position,
  };
}

function factWith<T extends EventType>(entry: LoggedEvent, type: T, data: FactDataMap[T]): Fact<T> {
  return { ...baseOf(entry), type, data };
}

/** A shipment's fact of a logged event that is about that shipment (or its order, for a cancellation). */
export function factOf(entry: LoggedEvent, event: Exclude<TypedEvent, { type: typeof EventType.OrderReleased }>): Fact {
  return factWith(entry, event.type, event.data);
}

/** A shipment's fact of the release that created it: its own line only, not the order's whole shipment list. */
export function releaseFactOf(entry: LoggedEvent, line: ReleaseLine): FactOf<typeof EventType.OrderReleased> {
  return factWith(entry, EventType.OrderReleased, { shipment: line });
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
