import type { DocumentStore } from '../../../lib/store/document-store';
import { BILLING } from './keys';
import type { BillingRecord } from '../domain/records';

/** Reads of the finance subgraph's state; one store read for many shipments. */
export class FinanceStore {
  constructor(readonly documents: DocumentStore) {}

  getBilling(shipmentIds: readonly string[]): Promise<(BillingRecord | null)[]> {
    return this.documents.getMany<BillingRecord>(BILLING, shipmentIds);
  }
}
