import type { SystemOfRecordName } from '../subgraph-names';
import { SYSTEM_OF_RECORD_NAMES } from '../subgraph-names';
import type { EventType } from './types';
import { aggregateKindOf } from './types';

/**
 * The subgraphs that apply an event type (event traces list one step per consumer). Only the
 * composition root sees every subgraph's handlers, so it builds this (stack/subgraph-handlers.ts)
 * and hands it to the subgraph that needs it; no subgraph imports another.
 */
export type EventConsumers = (type: EventType) => SystemOfRecordName[];

/** Whether a consumer with these handlers applies a type: every subgraph keeps order events (its directory of aggregates), and each its own handlers' types. */
export function appliesEventType(handlers: Partial<Record<EventType, unknown>>, type: EventType): boolean {
  return aggregateKindOf(type) === 'order' || handlers[type] !== undefined;
}

/** Consumers of each type, from every subgraph's handler map (read for its keys; nothing is run). */
export function eventConsumersOf(handlers: Record<SystemOfRecordName, Partial<Record<EventType, unknown>>>): EventConsumers {
  return (type) => SYSTEM_OF_RECORD_NAMES.filter((name) => appliesEventType(handlers[name], type));
}
