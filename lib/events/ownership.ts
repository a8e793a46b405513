import type { DocumentStore } from '../store/document-store';
import { UnitOfWork, withRetries } from '../store/unit-of-work';
import { typedEvent } from './event-data';
import type { CanonicalEvent } from './types';
import { EventType } from './types';

/**
 * Ownership is fixed by the system of record's first word: an order belongs to the customer its
 * first accepted `erp.order.created` names, a shipment to the order whose first accepted
 * `erp.order.released` lists it. A later event saying otherwise is an `ownership_conflict`.
 */
export interface OwnershipClaim {
  kind: 'order' | 'shipment';
  id: string;
  /** The customer id of an order, the order id of a shipment. */
  owner: string;
}

/** The claims an event makes; only ERP creation and release make any. */
export function ownershipClaims(logged: CanonicalEvent): OwnershipClaim[] {
  const event = typedEvent(logged);
  if (event.type === EventType.OrderCreated) return [{ kind: 'order', id: event.subject, owner: event.data.customer.id }];
  if (event.type === EventType.OrderReleased)
    return event.data.shipments.map((s) => ({ kind: 'shipment', id: s.id, owner: event.subject }));
  return [];
}

/** The reason of a refused claim; it names neither the rightful owner nor anything of another customer. */
export function conflictReason(claim: OwnershipClaim): string {
  return claim.kind === 'order'
    ? `ownership_conflict: order ${claim.id} already belongs to another customer; an order's customer never changes`
    : `ownership_conflict: shipment ${claim.id} already belongs to another order; a shipment's order never changes`;
}

/** The recorded claims (`kind|id` → owner), each in its id's partition. */
export const OWNERS = 'owners';
const COLLECTION = OWNERS;
// The kind holds no `|`, so the first one ends it and any id is unambiguous after it.
const slot = (claim: OwnershipClaim) => `${claim.kind}|${claim.id}`;

/**
 * Claims are read and written each with its aggregate (the claim's id is its route):
 * a release claiming shipments of several partitions records each in its own, and a conflict found
 * in one leaves the others recorded (they are right: a claim is only ever the first word).
 */
function getClaims(uow: UnitOfWork, claims: readonly OwnershipClaim[]): Promise<({ owner: string } | null)[]> {
  return uow.getMany<{ owner: string }>(
    COLLECTION,
    claims.map(slot),
    claims.map((c) => c.id),
  );
}

/** The first word of every order and shipment, shared by every instance (in the pipeline's own store). */
export class OwnershipRegistry {
  constructor(private readonly store: DocumentStore) {}

  /** The reason the event contradicts a recorded first word, or undefined. Reads only. */
  async conflict(event: CanonicalEvent): Promise<string | undefined> {
    const claims = ownershipClaims(event);
    if (claims.length === 0) return undefined;
    return this.compare(new UnitOfWork(this.store), claims);
  }

  /**
   * Records the event's claims where none exists yet, atomically, unless one contradicts a
   * recorded first word (then nothing is recorded and the reason is returned).
   */
  async claim(event: CanonicalEvent): Promise<string | undefined> {
    const claims = ownershipClaims(event);
    if (claims.length === 0) return undefined;
    return withRetries(this.store, async (uow) => {
      const conflict = await this.compare(uow, claims);
      if (conflict) return conflict;
      const recorded = await getClaims(uow, claims);
      claims.forEach((claim, i) => {
        if (!recorded[i]) uow.put(COLLECTION, slot(claim), { owner: claim.owner }, claim.id);
      });
      return undefined;
    });
  }

  private async compare(uow: UnitOfWork, claims: OwnershipClaim[]): Promise<string | undefined> {
    const recorded = await getClaims(uow, claims);
    const index = recorded.findIndex((r, i) => r !== null && r.owner !== claims[i].owner);
    return index === -1 ? undefined : conflictReason(claims[index]);
  }
}
