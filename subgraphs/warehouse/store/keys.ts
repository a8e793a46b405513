/** Every collection name of the warehouse subgraph's store. */
export const FULFILLMENTS = 'fulfillments';
export const INVENTORY = 'inventory';
