import type { DocumentStore } from '../../../lib/store/document-store';
import type { Fact } from '../domain/fact';
import { FACTS, REFERENCES, SHIPMENTS, factId, shipmentIndex } from './keys';
import type { ShipmentProjection } from '../domain/shipment-projection';

/** Shipment ids a reference (shipment number, tracking number, order number) points to. */
export interface ReferenceEntry {
  shipmentIds: string[];
}

/** Reads of the transport subgraph's state; every method takes many keys and does one store read. */
export class TransportStore {
  constructor(readonly documents: DocumentStore) {}

  getShipments(ids: readonly string[]): Promise<(ShipmentProjection | null)[]> {
    return this.documents.getMany<ShipmentProjection>(SHIPMENTS, ids);
  }

  /** A shipment's facts in occurrence order. */
  async getTimeline(shipmentId: string, first = 10_000): Promise<Fact[]> {
    // A shipment's facts and timeline live with the shipment (its route).
    const members = await this.documents.range(shipmentIndex.timeline(shipmentId), { first, route: shipmentId });
    const facts = await this.documents.getMany<Fact>(
      FACTS,
      members.map((m) => factId(shipmentId, m.slice(m.indexOf('|') + 1))),
      shipmentId,
    );
    return facts.filter((f): f is Fact => f !== null);
  }

  /** The timelines of several shipments: one index range each (pipelined) and one read of all their facts. */
  async getTimelines(shipmentIds: readonly string[], first = 10_000): Promise<Fact[][]> {
    const members = await Promise.all(shipmentIds.map((id) => this.documents.range(shipmentIndex.timeline(id), { first, route: id })));
    const ids = shipmentIds.flatMap((id, i) => members[i].map((m) => factId(id, m.slice(m.indexOf('|') + 1))));
    const routes = shipmentIds.flatMap((id, i) => members[i].map(() => id));
    const facts = await this.documents.getMany<Fact>(FACTS, ids, routes);
    let at = 0;
    return members.map((list) => facts.slice(at, (at += list.length)).filter((f): f is Fact => f !== null));
  }

  /** Facts by shipment and fact key (null where the shipment has no such fact). */
  async getFacts(refs: readonly { shipmentId: string; factKey: string }[]): Promise<(Fact | null)[]> {
    return Promise.all(
      refs.map(async (r) => (await this.documents.getMany<Fact>(FACTS, [factId(r.shipmentId, r.factKey)], r.shipmentId))[0]),
    );
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
