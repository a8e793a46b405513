import type { EventOf } from './event-data';
import type { EventType } from './types';

/**
 * A subgraph's domain rule for one event type: the record the event meets (null when there is none
 * yet) and the event, to the record after it. Pure: handlers load, fold and store around it.
 */
export type Fold<R, T extends EventType> = (record: R | null, event: EventOf<T>) => R;

/** The record a fold needs in order to change it; its absence is a fault of the pipeline, not of the event. */
export function existing<R>(record: R | null, what: string): R {
  if (record === null) throw new Error(`${what} is missing from the store`);
  return record;
}
