import type { EventHandler, EventHandlers } from '../../lib/events/applier';
import type { ShipmentRef } from '../../lib/events/directory';
import type { LoggedEvent } from '../../lib/events/types';
import { ALL_EVENT_TYPES, EventType, aggregateKindOf, eventKey } from '../../lib/events/types';
import type { UnitOfWork } from '../../lib/store/unit-of-work';
import type { Fact } from './domain/fact';
import { byOccurrence, factOf, releaseFactOf } from './domain/fact';
import { releasedShipment } from './domain/shipment-fold';
import type { ShipmentProjection } from './domain/shipment-projection';
import { addReference, recordFact, statusIndexes } from './record-fact';
import { FACTS, ORDER_FACTS, SHIPMENTS, SHIPMENT_REFS, factId, shipmentIndex } from './store/keys';

function orderReleased(): EventHandler<typeof EventType.OrderReleased> {
  return async (context) => {
    const { uow, event } = context;
    const released = event.data.shipments;
    const ids = released.map((s) => s.id);
    const [orderFacts, refs, existing] = await Promise.all([
      uow.get<Fact[]>(ORDER_FACTS, event.subject),
      uow.getMany<ShipmentRef>(SHIPMENT_REFS, ids),
      uow.getMany<ShipmentProjection>(SHIPMENTS, ids),
    ]);
    for (const [i, ref] of refs.entries()) {
      if (!ref) continue;
      const projection = releasedShipment(existing[i], ref);
      if (projection === existing[i]) continue;
      uow.put(SHIPMENTS, ref.id, projection);
      for (const index of [
        shipmentIndex.all,
        shipmentIndex.byCustomer(ref.customerId),
        shipmentIndex.ofOrder(ref.orderId),
        ...statusIndexes(projection),
      ]) {
        uow.index(index, ref.id);
      }
      await addReference(uow, ref.number, ref.id);
      await addReference(uow, ref.orderNumber, ref.id);
      const release = releaseFactOf(context.entry, released[i]);
      // Order-level facts that came before the release (a cancellation) apply to its shipments too.
      for (const fact of [...(orderFacts ?? []), release].sort(byOccurrence)) await recordFact(context, ref.id, fact, fact === release);
    }
  };
}

function orderCancelled(): EventHandler<typeof EventType.OrderCancelled> {
  return async (context) => {
    const { uow, event } = context;
    const fact = factOf(context.entry, event);
    const orderFacts = (await uow.get<Fact[]>(ORDER_FACTS, event.subject)) ?? [];
    uow.put(ORDER_FACTS, event.subject, [...orderFacts, fact]);
    const shipmentIds = await uow.store.range(shipmentIndex.ofOrder(event.subject), { first: 10_000 });
    for (const id of shipmentIds) await recordFact(context, id, fact);
  };
}

/**
 * What the shipment-event handler reads, for a run of entries at once: the shipments' projections
 * and whether each fact is known already. One read each for a busy shipment's whole run, and the
 * same round trip as the applier's own reads for a single entry.
 */
export async function prefetchTransport(uow: UnitOfWork, entries: readonly LoggedEvent[]): Promise<void> {
  const shipmentEntries = entries.filter((e) => aggregateKindOf(e.event.type) === 'shipment');
  if (shipmentEntries.length === 0) return;
  await Promise.all([
    uow.load(SHIPMENTS, [...new Set(shipmentEntries.map((e) => e.event.subject))]),
    // A run is one shipment's: its facts live with it.
    uow.load(
      FACTS,
      shipmentEntries.map((e) => factId(e.event.subject, eventKey(e.event))),
      shipmentEntries[0].event.subject,
    ),
  ]);
}

/** Every shipment event of every system is a fact of the unified status and timeline. */
function shipmentFact(): EventHandler {
  return async (context) => {
    const { event } = context;
    if (event.type === EventType.OrderReleased) return;
    await recordFact(context, event.subject, factOf(context.entry, event));
  };
}

/**
 * How the transport subgraph's state changes: one handler per canonical event type it keeps.
 * They are also the one place that decides which shipments an event changes: each change they
 * record goes on the `shipments` change stream with the state (record-fact.ts).
 */
export function transportHandlers(): EventHandlers {
  const handlers: EventHandlers = {
    [EventType.OrderReleased]: orderReleased(),
    [EventType.OrderCancelled]: orderCancelled(),
  };
  const fact = shipmentFact();
  for (const type of ALL_EVENT_TYPES) {
    if (aggregateKindOf(type) === 'shipment') handlers[type] = fact;
  }
  return handlers;
}
