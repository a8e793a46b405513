import type { EventHandlers } from '../lib/events/applier';
import type { SystemOfRecordName } from '../lib/subgraph-names';
import { financeHandlers } from '../subgraphs/finance/events';
import { ordersHandlers } from '../subgraphs/orders/events';
import { transportHandlers } from '../subgraphs/transport/events';
import { warehouseHandlers } from '../subgraphs/warehouse/events';

/**
 * Every subgraph's handler map, read only for which event types each applies (the event catalogue);
 * nothing here runs a handler. The handler maps themselves, so this can never drift from what the
 * subgraphs apply. Event traces do not read it: each subgraph answers for itself through the graph.
 */
export const SUBGRAPH_HANDLERS: Record<SystemOfRecordName, EventHandlers> = {
  orders: ordersHandlers,
  warehouse: warehouseHandlers,
  transport: transportHandlers(),
  finance: financeHandlers,
};
