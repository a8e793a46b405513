import { keyPart } from '../../../lib/redis/keys';

/** Every collection and index name of the orders subgraph's store; values in index names are escaped (keyPart). */
export const ORDERS = 'orders';
export const CUSTOMERS = 'customers';

export const orderIndex = {
  all: 'orders:all',
  byCustomer: (customerId: string) => `orders:customer:${keyPart(customerId)}`,
};

/**
 * Kept in this namespace by the pipeline (lib/events), written only there: the directory of orders and
 * shipments with their owners (directory.ts, read here for a shipment's customer and warehouse) and
 * the applied marker of every event, one collection per retention generation (applied-markers.ts).
 */
export { ORDER_REFS, SHIPMENT_REFS } from '../../../lib/events/directory';
export { appliedCollection } from '../../../lib/events/applied-markers';
