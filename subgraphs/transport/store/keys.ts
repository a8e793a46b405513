/** Every collection and index name of the transport subgraph's store. */
export const SHIPMENTS = 'shipments';
export const ORDER_FACTS = 'orderFacts';
export const REFERENCES = 'references';
/** One document per fact: `shipmentId|factKey`. */
export const FACTS = 'facts';
export const factId = (shipmentId: string, factKey: string) => `${shipmentId}|${factKey}`;

export const shipmentIndex = {
  all: 'shipments:all',
  byCustomer: (customerId: string) => `shipments:customer:${customerId}`,
  byStatus: (status: string) => `shipments:status:${status}`,
  byCustomerStatus: (customerId: string, status: string) => `shipments:customer:${customerId}:status:${status}`,
  ofOrder: (orderId: string) => `shipments:order:${orderId}`,
  /** A shipment's facts as `occurrenceKey`s, so the index orders them as they happened. */
  timeline: (shipmentId: string) => `shipments:timeline:${shipmentId}`,
};
