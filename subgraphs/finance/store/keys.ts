/** Every collection name of the finance subgraph's store. */
export const BILLING = 'billing';
