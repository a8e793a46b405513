import type { ShipmentRef } from '../../../lib/events/directory';
import type { DerivedShipment, FoldState } from './derive';
import type { SlaSigns } from './sla-signs';

/**
 * What the transport subgraph stores per shipment: what its facts derive to, and the fold that
 * produced it, so a new fact is folded in without reading them. Its size does not grow with the
 * number of facts; the facts themselves are documents of their own (the timeline, see keys.ts).
 */
export interface ShipmentProjection extends ShipmentRef {
  fold: FoldState;
  derived: DerivedShipment;
  /** How many changes were recorded (absent on projections stored before it was kept: 0). */
  version?: number;
}

/**
 * What the graph's `Shipment` resolvers read: the derived state and the event-carried references,
 * not the fold. A stored projection is one, and so is the shipment a change-stream record carries
 * (subscriptions resolve updates from it without reading the store).
 */
export type ShipmentView = Pick<ShipmentProjection, 'id' | 'number' | 'orderId' | 'orderNumber' | 'customerId' | 'derived'> & {
  /** Of the fold, what reads need: the SLA signs (breaches due by now show before they are recorded). */
  fold: { signs: { sla?: SlaSigns } };
};
