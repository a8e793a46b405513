import type { ShipmentRef } from '../../../lib/events/directory';
import type { EventOf } from '../../../lib/events/event-data';
import { EventRefused } from '../../../lib/events/event-refused';
import type { Fold } from '../../../lib/events/fold';
import { existing } from '../../../lib/events/fold';
import { conflictReason } from '../../../lib/events/ownership';
import type { EventType } from '../../../lib/events/types';
import type { FulfillmentRecord } from './records';
import { FulfillmentState } from './records';

/** Warehouse work only moves forward, whatever order its events arrive in. */
export const FULFILLMENT_RANK: Record<FulfillmentState, number> = { AWAITING_PICK: 0, PICKED: 1, PACKED: 2, LOADED: 3 };

/**
 * The fulfillment a release gives a shipment: a new one, awaiting its pick, or the one already kept
 * (a release delivered again). A shipment never moves to another order, so never to another customer.
 */
export function fulfillmentReleased(record: FulfillmentRecord | null, ref: ShipmentRef): FulfillmentRecord {
  if (record && record.customerId !== ref.customerId)
    throw new EventRefused(conflictReason({ kind: 'shipment', id: ref.id, owner: ref.orderId }));
  return (
    record ?? {
      shipmentId: ref.id,
      customerId: ref.customerId,
      warehouseId: ref.warehouseId,
      state: FulfillmentState.AWAITING_PICK,
      packages: [],
      pickLines: [],
      pickedAt: null,
      packedAt: null,
      loadedAt: null,
      trailer: null,
      seal: null,
      billOfLading: null,
    }
  );
}

/** The step's details always land; the state only moves up its rank (a late pick after the load keeps LOADED). */
function step<T extends EventType>(
  state: FulfillmentState,
  change: (event: EventOf<T>, at: string) => Partial<FulfillmentRecord>,
): Fold<FulfillmentRecord, T> {
  return (record, event) => {
    const before = existing(record, `fulfillment of shipment ${event.subject}`);
    const next = { ...before, ...change(event, new Date(event.time).toISOString()) };
    if (FULFILLMENT_RANK[state] > FULFILLMENT_RANK[before.state]) next.state = state;
    return next;
  };
}

export const pickConfirmed = step<typeof EventType.PickConfirmed>(FulfillmentState.PICKED, ({ data }, at) => ({
  warehouseId: data.warehouseId,
  pickLines: (data.lines ?? []).map((l) => ({ sku: l.sku ?? '', quantity: l.quantity ?? 0, shortQuantity: l.shortQuantity ?? 0 })),
  pickedAt: at,
}));

export const packConfirmed = step<typeof EventType.PackConfirmed>(FulfillmentState.PACKED, ({ data }, at) => ({
  packages: data.packages.map((p) => ({ id: p.id, sscc: p.sscc ?? null, weightKg: p.weightKg ?? null })),
  packedAt: at,
}));

export const shipmentLoaded = step<typeof EventType.ShipmentLoaded>(FulfillmentState.LOADED, ({ data }, at) => ({
  trailer: data.trailer ?? null,
  seal: data.seal ?? null,
  billOfLading: data.bol ?? null,
  loadedAt: at,
}));
