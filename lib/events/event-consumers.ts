import type { EventType } from './types';
import { aggregateKindOf } from './types';

/**
 * Whether a consumer with these handlers applies a type: every subgraph keeps order events (its
 * directory of aggregates), and each its own handlers' types. The applier skips the rest, and a
 * subgraph tells event traces from it whether it consumes a type (lib/server/event-application-resolver.ts).
 */
export function appliesEventType(handlers: Partial<Record<EventType, unknown>>, type: EventType): boolean {
  return aggregateKindOf(type) === 'order' || handlers[type] !== undefined;
}
