import { ApplyContext, EventHandler, EventHandlers } from '../../lib/events/applier';
import { SHIPMENT_REFS, ShipmentRef } from '../../lib/events/directory';
import { ALL_EVENT_TYPES, EventType, aggregateKindOf } from '../../lib/events/types';
import { UnitOfWork } from '../../lib/store/unit-of-work';
import { deriveShipment } from './projection/derive';
import { Fact, factOf } from './projection/fact';
import { ORDER_FACTS, REFERENCES, SHIPMENTS, shipmentIndex } from './store/keys';
import { ReferenceEntry, ShipmentProjection } from './store/shipment-projection';
import { syncBreachIndex } from './sla/breach-members';

/** Told about every stored change of a shipment's projection (live subscriptions listen here). */
export type ShipmentChangeListener = (change: { projection: ShipmentProjection; fact: Fact }) => Promise<void>;

function statusIndexes(p: Pick<ShipmentProjection, 'customerId' | 'derived'>): string[] {
  return [shipmentIndex.byStatus(p.derived.status), shipmentIndex.byCustomerStatus(p.customerId, p.derived.status)];
}

async function addReference(uow: UnitOfWork, reference: string, shipmentId: string): Promise<void> {
  const entry = (await uow.get<ReferenceEntry>(REFERENCES, reference)) ?? { shipmentIds: [] };
  if (!entry.shipmentIds.includes(shipmentId)) {
    uow.put(REFERENCES, reference, { shipmentIds: [...entry.shipmentIds, shipmentId].sort() });
  }
}

/** Adds a fact to a shipment's projection, re-derives it and keeps indexes and references in step. */
async function recordFact(context: ApplyContext, shipmentId: string, fact: Fact, onChange: ShipmentChangeListener): Promise<void> {
  const { uow } = context;
  const before = await uow.get<ShipmentProjection>(SHIPMENTS, shipmentId);
  if (!before || before.facts.some((f) => f.key === fact.key)) return;
  const facts = [...before.facts, fact];
  const after: ShipmentProjection = { ...before, facts, derived: deriveShipment(facts) };
  uow.put(SHIPMENTS, shipmentId, after);
  if (before.derived.status !== after.derived.status) {
    for (const index of statusIndexes(before)) uow.unindex(index, shipmentId);
    for (const index of statusIndexes(after)) uow.index(index, shipmentId);
  }
  syncBreachIndex(uow, before, after);
  const tracking = after.derived.transport?.trackingNumber;
  if (tracking && tracking !== before.derived.transport?.trackingNumber) await addReference(uow, tracking, shipmentId);
  context.afterCommit(() => onChange({ projection: after, fact }));
}

function orderReleased(onChange: ShipmentChangeListener): EventHandler {
  return async (context) => {
    const { uow, event } = context;
    const orderFacts = (await uow.get<Fact[]>(ORDER_FACTS, event.subject)) ?? [];
    const ids = (event.data.shipments as { id: string }[]).map((s) => s.id);
    const refs = await uow.getMany<ShipmentRef>(SHIPMENT_REFS, ids);
    for (const ref of refs) {
      if (!ref || (await uow.get(SHIPMENTS, ref.id))) continue;
      // Order-level facts that came before the release (a cancellation) apply to its shipments too.
      const facts = [...orderFacts];
      const projection: ShipmentProjection = { ...ref, facts, derived: deriveShipment(facts) };
      uow.put(SHIPMENTS, ref.id, projection);
      for (const index of [shipmentIndex.all, shipmentIndex.byCustomer(ref.customerId), shipmentIndex.ofOrder(ref.orderId), ...statusIndexes(projection)]) {
        uow.index(index, ref.id);
      }
      await addReference(uow, ref.number, ref.id);
      await addReference(uow, ref.orderNumber, ref.id);
      await recordFact(context, ref.id, factOf(context.entry), onChange);
    }
  };
}

function orderCancelled(onChange: ShipmentChangeListener): EventHandler {
  return async (context) => {
    const { uow, event } = context;
    const fact = factOf(context.entry);
    const orderFacts = (await uow.get<Fact[]>(ORDER_FACTS, event.subject)) ?? [];
    uow.put(ORDER_FACTS, event.subject, [...orderFacts, fact]);
    const shipmentIds = await uow.store.range(shipmentIndex.ofOrder(event.subject), { first: 10_000 });
    for (const id of shipmentIds) await recordFact(context, id, fact, onChange);
  };
}

/** How the transport subgraph's state changes: one handler per canonical event type it keeps. */
export function transportHandlers(onChange: ShipmentChangeListener): EventHandlers {
  const handlers: EventHandlers = {
    [EventType.OrderReleased]: orderReleased(onChange),
    [EventType.OrderCancelled]: orderCancelled(onChange),
  };
  // Every shipment event of every system is a fact of the unified status and timeline.
  for (const type of ALL_EVENT_TYPES) {
    if (aggregateKindOf(type) === 'shipment') {
      handlers[type] = (context) => recordFact(context, context.event.subject, factOf(context.entry), onChange);
    }
  }
  return handlers;
}
