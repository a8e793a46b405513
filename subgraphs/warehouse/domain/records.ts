export const FulfillmentState = { AWAITING_PICK: 'AWAITING_PICK', PICKED: 'PICKED', PACKED: 'PACKED', LOADED: 'LOADED' } as const;
export type FulfillmentState = (typeof FulfillmentState)[keyof typeof FulfillmentState];

export interface PackageRecord {
  id: string;
  sscc: string | null;
  weightKg: number | null;
}

export interface PickLine {
  sku: string;
  quantity: number;
  shortQuantity: number;
}

export interface FulfillmentRecord {
  shipmentId: string;
  customerId: string;
  warehouseId: string;
  state: FulfillmentState;
  packages: PackageRecord[];
  pickLines: PickLine[];
  pickedAt: string | null;
  packedAt: string | null;
  loadedAt: string | null;
  trailer: string | null;
  seal: string | null;
  billOfLading: string | null;
}

export interface InventoryMovement {
  eventId: string;
  quantityDelta: number;
  reasonCode: string | null;
  occurredAt: string;
}

export interface InventoryPosition {
  warehouseId: string;
  sku: string;
  quantityOnHand: number;
  lastAdjustedAt: string;
  movements: InventoryMovement[];
}

/** A shipment as the warehouse subgraph resolves it: its id and its fulfillment. */
export interface FulfilledShipment {
  id: string;
  record: FulfillmentRecord;
}
