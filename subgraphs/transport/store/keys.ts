import { keyPart } from '../../../lib/redis/keys';

/** Every collection and index name of the transport subgraph's store; values in index names are escaped (keyPart). */
export const SHIPMENTS = 'shipments';
export const ORDER_FACTS = 'orderFacts';
export const REFERENCES = 'references';
/** One document per fact: `shipmentId|factKey`, the id escaped so that its `|` is the first. */
export const FACTS = 'facts';
export const factId = (shipmentId: string, factKey: string) => `${keyPart(shipmentId)}|${factKey}`;

export const shipmentIndex = {
  all: 'shipments:all',
  byCustomer: (customerId: string) => `shipments:customer:${keyPart(customerId)}`,
  byStatus: (status: string) => `shipments:status:${keyPart(status)}`,
  byCustomerStatus: (customerId: string, status: string) => `shipments:customer:${keyPart(customerId)}:status:${keyPart(status)}`,
  ofOrder: (orderId: string) => `shipments:order:${keyPart(orderId)}`,
  /** A shipment's facts as `occurrenceKey`s, so the index orders them as they happened. */
  timeline: (shipmentId: string) => `shipments:timeline:${keyPart(shipmentId)}`,
};

/**
 * Kept in this namespace by the pipeline (lib/events), written only there: the directory of orders and
 * shipments with their owners (directory.ts, read here for a shipment's customer and warehouse) and
 * the applied marker of every event, one collection per retention generation (applied-markers.ts).
 */
export { ORDER_REFS, SHIPMENT_REFS } from '../../../lib/events/directory';
export { appliedCollection } from '../../../lib/events/applied-markers';

// Webhook endpoints and deliveries live in a namespace of their own (webhooks/keys.ts); held events,
// dead letters and SLA claims in the pipeline's (lib/events).
