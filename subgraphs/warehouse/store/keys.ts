/** Every collection name of the warehouse subgraph's store. */
export const FULFILLMENTS = 'fulfillments';
export const INVENTORY = 'inventory';

/**
 * Kept in this namespace by the pipeline (lib/events), written only there: the directory of orders and
 * shipments with their owners (directory.ts, read here for a shipment's customer and warehouse) and
 * the applied marker of every event, one collection per retention generation (applied-markers.ts).
 */
export { ORDER_REFS, SHIPMENT_REFS } from '../../../lib/events/directory';
export { appliedCollection } from '../../../lib/events/applied-markers';
