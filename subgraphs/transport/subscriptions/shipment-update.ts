import type { Milestone } from '../domain/milestone';
import type { ShipmentProjection } from '../domain/shipment-projection';

/** One `Subscription.shipmentUpdated` payload. */
export interface ShipmentUpdate {
  cursor: string;
  milestone: Milestone;
  shipment: ShipmentProjection;
}
