import type { ApplyContext } from '../../lib/events/applier';
import { ChangeStreamName } from '../../lib/changes/change-stream';
import type { UnitOfWork } from '../../lib/store/unit-of-work';
import { FACTS, REFERENCES, SHIPMENTS, factId, shipmentIndex } from './store/keys';
import type { ShipmentProjection } from './domain/shipment-projection';
import type { ReferenceEntry } from './store/transport-store';
import { TransportStore } from './store/transport-store';
import { foldShipment, needsHistory } from './domain/shipment-fold';
import type { Fact } from './domain/fact';
import { occurrenceKey } from './domain/fact';
import { shipmentChangeOf } from './domain/shipment-change-of';

export function statusIndexes(p: Pick<ShipmentProjection, 'customerId' | 'derived'>): string[] {
  return [shipmentIndex.byStatus(p.derived.status), shipmentIndex.byCustomerStatus(p.customerId, p.derived.status)];
}

export async function addReference(uow: UnitOfWork, reference: string, shipmentId: string): Promise<void> {
  const entry = (await uow.get<ReferenceEntry>(REFERENCES, reference)) ?? { shipmentIds: [] };
  if (!entry.shipmentIds.includes(shipmentId)) {
    uow.put(REFERENCES, reference, { shipmentIds: [...entry.shipmentIds, shipmentId].sort() });
  }
}

/** The shipment's stored facts with those this unit of work has written (a run of several events shares one). */
async function timelineWith(uow: UnitOfWork, shipmentId: string): Promise<Fact[]> {
  const facts = new Map((await new TransportStore(uow.store).getTimeline(shipmentId, Number.MAX_SAFE_INTEGER)).map((f) => [f.key, f]));
  for (const fact of uow.written<Fact>(FACTS, factId(shipmentId, ''))) facts.set(fact.key, fact);
  return [...facts.values()];
}

/**
 * Adds a fact to a shipment: stores it on the timeline and folds it into the projection. A fact
 * that happened after every known one (the usual case) costs the same however long the history
 * is; one that arrives out of order re-folds that shipment's timeline once. Indexes and
 * references are kept in step. The change goes on the `shipments` change stream in the same
 * commit (lib/changes), unless `publish` is false (facts a release inherits, which come before
 * the shipment's first change).
 */
export async function recordFact(context: Pick<ApplyContext, 'uow'>, shipmentId: string, fact: Fact, publish = true): Promise<void> {
  const { uow } = context;
  const [before, known] = await Promise.all([
    uow.get<ShipmentProjection>(SHIPMENTS, shipmentId),
    uow.get<Fact>(FACTS, factId(shipmentId, fact.key), shipmentId),
  ]);
  if (!before || known) return;
  // Facts and the timeline are the shipment's (its route), whatever their own ids.
  uow.put(FACTS, factId(shipmentId, fact.key), fact, shipmentId);
  uow.index(shipmentIndex.timeline(shipmentId), occurrenceKey(fact), shipmentId);
  const folded = foldShipment(before, fact, needsHistory(before, fact) ? await timelineWith(uow, shipmentId) : undefined);
  const after: ShipmentProjection = { ...folded, version: (before.version ?? 0) + (publish ? 1 : 0) };
  uow.put(SHIPMENTS, shipmentId, after);
  if (before.derived.status !== after.derived.status) {
    for (const index of statusIndexes(before)) uow.unindex(index, shipmentId);
    for (const index of statusIndexes(after)) uow.index(index, shipmentId);
  }
  const tracking = after.derived.transport?.trackingNumber;
  if (tracking && tracking !== before.derived.transport?.trackingNumber) await addReference(uow, tracking, shipmentId);
  if (publish) uow.append(ChangeStreamName.Shipments, shipmentChangeOf(after, fact), shipmentId);
}
