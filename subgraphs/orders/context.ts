import type { Identity } from '../../lib/identity/identity';
import type { OrdersLoaders } from './loaders';
import type { OrdersStore } from './store/orders-store';

export interface OrdersContext {
  identity: Identity | null;
  loaders: OrdersLoaders;
  store: OrdersStore;
}
