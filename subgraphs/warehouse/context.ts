import type { Identity } from '../../lib/identity/identity';
import type { WarehouseLoaders } from './loaders';
import type { WarehouseStore } from './store/warehouse-store';

export interface WarehouseContext {
  identity: Identity | null;
  loaders: WarehouseLoaders;
  store: WarehouseStore;
}
