import type { UnitOfWork } from '../store/unit-of-work';
import { typedEvent } from './event-data';
import { EventRefused } from './event-refused';
import { conflictReason, ownershipClaims } from './ownership';
import type { CanonicalEvent } from './types';
import { EventType, aggregateKindOf } from './types';

/**
 * Every subgraph keeps, from ERP events, which orders and shipments exist and whose they are: it
 * needs that to hold early events and to enforce tenant isolation on its own fields.
 */
export interface OrderRef {
  id: string;
  number: string;
  customerId: string;
}

export interface ShipmentRef {
  id: string;
  number: string;
  orderId: string;
  orderNumber: string;
  customerId: string;
  warehouseId: string;
}

export const ORDER_REFS = 'ref:order';
export const SHIPMENT_REFS = 'ref:shipment';

export type AggregateCheck = { known: true } | { known: false; aggregate: string; reason: string };

/** Whether the aggregate an event is about exists yet for this consumer. */
export async function checkAggregate(uow: UnitOfWork, event: CanonicalEvent): Promise<AggregateCheck> {
  if (event.type === EventType.OrderCreated) return { known: true };
  const kind = aggregateKindOf(event.type);
  if (kind === 'inventory') return { known: true };
  const collection = kind === 'order' ? ORDER_REFS : SHIPMENT_REFS;
  if (await uow.get(collection, event.subject)) return { known: true };
  const awaited = kind === 'order' ? EventType.OrderCreated : EventType.OrderReleased;
  return { known: false, aggregate: event.subject, reason: `${kind} ${event.subject} is not known yet (waiting for ${awaited})` };
}

/**
 * Refuses (EventRefused, `ownership_conflict`) an event that would move a known order to another
 * customer or a known shipment to another order. Ingest refuses these already; this catches two
 * contradicting events stored at the same moment, and data stored before ownership was recorded.
 */
async function checkOwnership(uow: UnitOfWork, event: CanonicalEvent): Promise<void> {
  const claims = ownershipClaims(event);
  if (claims.length === 0) return;
  const collection = claims[0].kind === 'order' ? ORDER_REFS : SHIPMENT_REFS;
  const refs = await uow.getMany<OrderRef | ShipmentRef>(
    collection,
    claims.map((c) => c.id),
  );
  claims.forEach((claim, i) => {
    const ref = refs[i];
    const owner = ref === null ? undefined : 'orderId' in ref ? ref.orderId : ref.customerId;
    if (owner !== undefined && owner !== claim.owner) throw new EventRefused(conflictReason(claim));
  });
}

/** Records the aggregates an ERP event brings into existence; returns their ids. Ownership never changes. */
export async function recordAggregates(uow: UnitOfWork, logged: CanonicalEvent): Promise<string[]> {
  await checkOwnership(uow, logged);
  const event = typedEvent(logged);
  if (event.type === EventType.OrderCreated) {
    const { data } = event;
    uow.put(ORDER_REFS, event.subject, { id: event.subject, number: data.number, customerId: data.customer.id } satisfies OrderRef);
    return [event.subject];
  }
  if (event.type === EventType.OrderReleased) {
    const order = await uow.get<OrderRef>(ORDER_REFS, event.subject);
    if (!order) throw new Error(`order ${event.subject} vanished while releasing it`);
    const { shipments } = event.data;
    for (const s of shipments) {
      const ref: ShipmentRef = {
        id: s.id,
        number: s.number,
        orderId: order.id,
        orderNumber: order.number,
        customerId: order.customerId,
        warehouseId: s.warehouseId,
      };
      uow.put(SHIPMENT_REFS, s.id, ref);
    }
  }
  return aggregatesCreatedBy(event);
}

/**
 * The aggregates an ERP event brings into existence, read from the event alone: what a redelivered
 * event, already applied, still has to release held events for.
 */
export function aggregatesCreatedBy(logged: CanonicalEvent): string[] {
  const event = typedEvent(logged);
  if (event.type === EventType.OrderCreated) return [event.subject];
  if (event.type === EventType.OrderReleased) return event.data.shipments.map((s) => s.id);
  return [];
}
