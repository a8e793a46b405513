import { Identity } from '../../lib/identity/identity';
import { FinanceLoaders } from './loaders';
import { FinanceStore } from './store/finance-store';

export interface FinanceContext {
  identity: Identity | null;
  loaders: FinanceLoaders;
  store: FinanceStore;
}
