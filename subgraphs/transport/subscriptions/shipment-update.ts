import type { Milestone } from '../domain/milestone';
import type { ShipmentView } from '../domain/shipment-projection';

/** One `Subscription.shipmentUpdated` payload. */
export interface ShipmentUpdate {
  cursor: string;
  milestone: Milestone;
  shipment: ShipmentView;
}
