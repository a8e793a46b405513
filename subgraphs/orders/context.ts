import { Identity } from '../../lib/identity/identity';
import { OrdersLoaders } from './loaders';
import { OrdersStore } from './store/orders-store';

export interface OrdersContext {
  identity: Identity | null;
  loaders: OrdersLoaders;
  store: OrdersStore;
}
