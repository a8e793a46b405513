import DataLoader from 'dataloader';
import type { ShipmentRef } from '../../lib/events/directory';
import type { OrdersStore } from './store/orders-store';
import type { OrderRecord } from './domain/order-record';

export interface OrdersLoaders {
  order: DataLoader<string, OrderRecord | null>;
  shipment: DataLoader<string, ShipmentRef | null>;
  customer: DataLoader<string, { id: string; name: string } | null>;
}

/** Fresh per request, so that batching and caching never cross requests or tenants. */
export function createOrdersLoaders(store: OrdersStore): OrdersLoaders {
  return {
    order: new DataLoader((ids) => store.getOrders(ids)),
    shipment: new DataLoader((ids) => store.getShipments(ids)),
    customer: new DataLoader((ids) => store.getCustomers(ids)),
  };
}
