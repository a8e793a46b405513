/** Every collection and index name of the orders subgraph's store. */
export const ORDERS = 'orders';
export const CUSTOMERS = 'customers';

export const orderIndex = {
  all: 'orders:all',
  byCustomer: (customerId: string) => `orders:customer:${customerId}`,
};
