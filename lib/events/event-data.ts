import type { EventDataMap } from './data-specs';
import type { CanonicalEvent, EventType } from './types';

/** The `data` of one event type, as validation guarantees it (lib/events/data-specs.ts). */
export type EventData<T extends EventType> = EventDataMap[T];

/** A validated event of one type: its `data` typed by the type's spec. */
export type EventOf<T extends EventType> = T extends EventType
  ? Omit<CanonicalEvent, 'type' | 'data'> & { type: T; data: EventData<T> }
  : never;

/** Any validated event, discriminated by `type`: a `switch` or `if` on the type narrows `data`. */
export type TypedEvent = EventOf<EventType>;

/**
 * The typed view of a logged event. Sound because nothing enters the log without `validateEvent`
 * checking `data` against the same spec the type is derived from (reactions are ingested too);
 * this is the one place that trusts that, so nothing else casts event data.
 */
export function typedEvent(event: CanonicalEvent): TypedEvent {
  return event as TypedEvent;
}

/** Builds an event of one type; `data` is checked against the type's spec at compile time. */
export function eventOf<T extends EventType>(type: T, envelope: Omit<CanonicalEvent, 'type' | 'data'>, data: EventData<T>): CanonicalEvent {
  return { ...envelope, type, data };
}
