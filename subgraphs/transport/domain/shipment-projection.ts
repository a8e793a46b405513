import type { ShipmentRef } from '../../../lib/events/directory';
import type { DerivedShipment, FoldState } from './derive';

/**
 * What the transport subgraph stores per shipment: what its facts derive to, and the fold that
 * produced it, so a new fact is folded in without reading them. Its size does not grow with the
 * number of facts; the facts themselves are documents of their own (the timeline, see keys.ts).
 */
export interface ShipmentProjection extends ShipmentRef {
  fold: FoldState;
  derived: DerivedShipment;
}
