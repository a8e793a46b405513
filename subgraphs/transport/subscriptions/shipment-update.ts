import { Milestone } from '../projection/milestone';
import { ShipmentProjection } from '../store/shipment-projection';

/** One `Subscription.shipmentUpdated` payload. */
export interface ShipmentUpdate {
  cursor: string;
  milestone: Milestone;
  shipment: ShipmentProjection;
}
