import type { DocumentStore } from '../../../lib/store/document-store';
import { FULFILLMENTS, INVENTORY } from './keys';
import type { FulfillmentRecord, InventoryPosition } from '../domain/records';

/** Reads of the warehouse subgraph's state; every method takes many keys and does one store read. */
export class WarehouseStore {
  constructor(readonly documents: DocumentStore) {}

  getFulfillments(shipmentIds: readonly string[]): Promise<(FulfillmentRecord | null)[]> {
    return this.documents.getMany<FulfillmentRecord>(FULFILLMENTS, shipmentIds);
  }

  getInventory(keys: readonly string[]): Promise<(InventoryPosition | null)[]> {
    return this.documents.getMany<InventoryPosition>(INVENTORY, keys);
  }
}
