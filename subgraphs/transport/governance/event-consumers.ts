import { EventHandlers } from '../../../lib/events/applier';
import { EventType, aggregateKindOf } from '../../../lib/events/types';
import { SUBGRAPH_NAMES, SubgraphName } from '../../../lib/subgraph-names';
import { financeHandlers } from '../../finance/events';
import { ordersHandlers } from '../../orders/events';
import { transportHandlers } from '../events';
import { warehouseHandlers } from '../../warehouse/events';

/** The handler maps themselves, so this table can never drift from what the subgraphs apply. */
const HANDLERS: Record<SubgraphName, EventHandlers> = {
  orders: ordersHandlers,
  warehouse: warehouseHandlers,
  transport: transportHandlers(async () => undefined),
  finance: financeHandlers,
};

/**
 * The subgraphs that apply an event type, as `EventApplier.handles` decides: every subgraph keeps
 * order events (its directory of aggregates), and each its own handlers' types.
 */
export function consumersOf(type: EventType): SubgraphName[] {
  return SUBGRAPH_NAMES.filter((name) => aggregateKindOf(type) === 'order' || HANDLERS[name][type] !== undefined);
}
