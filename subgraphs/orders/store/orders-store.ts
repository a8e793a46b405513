import type { ShipmentRef } from '../../../lib/events/directory';
import type { DocumentStore } from '../../../lib/store/document-store';
import { CUSTOMERS, ORDERS, SHIPMENT_REFS, orderIndex } from './keys';
import type { OrderRecord } from '../domain/order-record';

/** Reads of the orders subgraph's state; every method takes many keys and does one store read. */
export class OrdersStore {
  constructor(readonly documents: DocumentStore) {}

  getOrders(ids: readonly string[]): Promise<(OrderRecord | null)[]> {
    return this.documents.getMany<OrderRecord>(ORDERS, ids);
  }

  getCustomers(ids: readonly string[]): Promise<({ id: string; name: string } | null)[]> {
    return this.documents.getMany(CUSTOMERS, ids);
  }

  getShipments(ids: readonly string[]): Promise<(ShipmentRef | null)[]> {
    return this.documents.getMany<ShipmentRef>(SHIPMENT_REFS, ids);
  }

  listingIndex(customerId: string | undefined): string {
    return customerId ? orderIndex.byCustomer(customerId) : orderIndex.all;
  }
}
