/** A shipment's projection changed and the change is stored: what live subscriptions are told. */
export interface ShipmentChanged {
  shipmentId: string;
  customerId: string;
  /** Log position of the event that caused the change. */
  position: string;
  /** Deduplication key (`source|id`) of that event, which is the fact's key in the projection. */
  factKey: string;
}

/** Every pub/sub topic Lading uses and its payload. */
export interface LadingTopics extends Record<string, unknown> {
  shipmentChanged: ShipmentChanged;
}
