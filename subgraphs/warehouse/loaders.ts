import DataLoader from 'dataloader';
import type { FulfillmentRecord } from './domain/records';
import type { WarehouseStore } from './store/warehouse-store';

export interface WarehouseLoaders {
  fulfillment: DataLoader<string, FulfillmentRecord | null>;
}

/** Fresh per request, so that batching and caching never cross requests or tenants. */
export function createWarehouseLoaders(store: WarehouseStore): WarehouseLoaders {
  return { fulfillment: new DataLoader((ids) => store.getFulfillments(ids)) };
}
