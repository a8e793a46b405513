import { keyPart } from '../../../lib/redis/keys';

/** Every collection and index name of the orders subgraph's store; values in index names are escaped (keyPart). */
export const ORDERS = 'orders';
export const CUSTOMERS = 'customers';

export const orderIndex = {
  all: 'orders:all',
  byCustomer: (customerId: string) => `orders:customer:${keyPart(customerId)}`,
};
