import { Identity } from '../../lib/identity/identity';
import { WarehouseLoaders } from './loaders';
import { WarehouseStore } from './store/warehouse-store';

export interface WarehouseContext {
  identity: Identity | null;
  loaders: WarehouseLoaders;
  store: WarehouseStore;
}
