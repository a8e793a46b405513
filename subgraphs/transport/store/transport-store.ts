import { DocumentStore } from '../../../lib/store/document-store';
import { REFERENCES, SHIPMENTS, shipmentIndex } from './keys';
import { ReferenceEntry, ShipmentProjection } from './shipment-projection';

/** Reads of the transport subgraph's state; every method takes many keys and does one store read. */
export class TransportStore {
  constructor(readonly documents: DocumentStore) {}

  getShipments(ids: readonly string[]): Promise<(ShipmentProjection | null)[]> {
    return this.documents.getMany<ShipmentProjection>(SHIPMENTS, ids);
  }

  getReferences(references: readonly string[]): Promise<(ReferenceEntry | null)[]> {
    return this.documents.getMany<ReferenceEntry>(REFERENCES, references);
  }

  /** The index a shipment listing reads, narrowed by customer and status. */
  listingIndex(customerId: string | undefined, status: string | undefined): string {
    if (customerId && status) return shipmentIndex.byCustomerStatus(customerId, status);
    if (customerId) return shipmentIndex.byCustomer(customerId);
    if (status) return shipmentIndex.byStatus(status);
    return shipmentIndex.all;
  }
}
