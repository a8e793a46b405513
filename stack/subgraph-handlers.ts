import type { EventHandlers } from '../lib/events/applier';
import type { EventConsumers } from '../lib/events/event-consumers';
import { eventConsumersOf } from '../lib/events/event-consumers';
import type { SystemOfRecordName } from '../lib/subgraph-names';
import { financeHandlers } from '../subgraphs/finance/events';
import { ordersHandlers } from '../subgraphs/orders/events';
import { transportHandlers } from '../subgraphs/transport/events';
import { warehouseHandlers } from '../subgraphs/warehouse/events';

/**
 * Every subgraph's handler map, read only for which event types each applies (the catalogue, event
 * traces); nothing here runs a handler. The handler maps themselves, so this can never drift from
 * what the subgraphs apply.
 */
export const SUBGRAPH_HANDLERS: Record<SystemOfRecordName, EventHandlers> = {
  orders: ordersHandlers,
  warehouse: warehouseHandlers,
  transport: transportHandlers(),
  finance: financeHandlers,
};

/** What the transport subgraph's event traces are given, in one process or its own (subgraphs/transport/index.ts). */
export const EVENT_CONSUMERS: EventConsumers = eventConsumersOf(SUBGRAPH_HANDLERS);
