import type { Identity } from '../../lib/identity/identity';
import type { FinanceLoaders } from './loaders';
import type { FinanceStore } from './store/finance-store';

export interface FinanceContext {
  identity: Identity | null;
  loaders: FinanceLoaders;
  store: FinanceStore;
}
