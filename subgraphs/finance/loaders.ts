import DataLoader from 'dataloader';
import type { FinanceStore } from './store/finance-store';
import type { BillingRecord } from './domain/records';

export interface FinanceLoaders {
  billing: DataLoader<string, BillingRecord | null>;
}

/** Fresh per request, so that batching and caching never cross requests or tenants. */
export function createFinanceLoaders(store: FinanceStore): FinanceLoaders {
  return { billing: new DataLoader((ids) => store.getBilling(ids)) };
}
