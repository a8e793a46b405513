import { EventType } from '../../../lib/events/types';

/** docs/contract.md §6 ShipmentStatus. */
export const ShipmentStatus = {
  ORDERED: 'ORDERED',
  PROCESSING: 'PROCESSING',
  READY_TO_SHIP: 'READY_TO_SHIP',
  IN_TRANSIT: 'IN_TRANSIT',
  OUT_FOR_DELIVERY: 'OUT_FOR_DELIVERY',
  AVAILABLE_FOR_PICKUP: 'AVAILABLE_FOR_PICKUP',
  DELIVERED: 'DELIVERED',
  RETURNING: 'RETURNING',
  RETURNED: 'RETURNED',
  CANCELLED: 'CANCELLED',
  LOST: 'LOST',
} as const;
export type ShipmentStatus = (typeof ShipmentStatus)[keyof typeof ShipmentStatus];

/**
 * Rank along the lifecycle: status only ever moves to a higher rank. RETURNING ranks above
 * DELIVERED because a return can start after a delivery (refused at the door, or sent back).
 */
export const STATUS_RANK: Record<ShipmentStatus, number> = {
  ORDERED: 0,
  PROCESSING: 1,
  READY_TO_SHIP: 2,
  IN_TRANSIT: 3,
  OUT_FOR_DELIVERY: 4,
  AVAILABLE_FOR_PICKUP: 5,
  DELIVERED: 6,
  RETURNING: 7,
  RETURNED: 8,
  CANCELLED: 9,
  LOST: 9,
};

export const TERMINAL_STATUSES: ReadonlySet<ShipmentStatus> = new Set([
  ShipmentStatus.CANCELLED,
  ShipmentStatus.LOST,
  ShipmentStatus.RETURNED,
]);

/** The status each event type moves a shipment towards. Cancellation and loss are conditional (see derive). */
export const STATUS_OF_EVENT: Partial<Record<EventType, ShipmentStatus>> = {
  [EventType.OrderReleased]: ShipmentStatus.ORDERED,
  [EventType.PickConfirmed]: ShipmentStatus.PROCESSING,
  [EventType.PackConfirmed]: ShipmentStatus.PROCESSING,
  // A WMS load hands the freight to the carrier but is not yet a transport milestone.
  [EventType.ShipmentLoaded]: ShipmentStatus.READY_TO_SHIP,
  [EventType.ShipmentTendered]: ShipmentStatus.READY_TO_SHIP,
  [EventType.TenderAccepted]: ShipmentStatus.READY_TO_SHIP,
  [EventType.PickedUp]: ShipmentStatus.IN_TRANSIT,
  [EventType.InTransit]: ShipmentStatus.IN_TRANSIT,
  [EventType.OutForDelivery]: ShipmentStatus.OUT_FOR_DELIVERY,
  [EventType.AvailableForPickup]: ShipmentStatus.AVAILABLE_FOR_PICKUP,
  [EventType.Delivered]: ShipmentStatus.DELIVERED,
  [EventType.ReturnStarted]: ShipmentStatus.RETURNING,
  [EventType.Returned]: ShipmentStatus.RETURNED,
};
