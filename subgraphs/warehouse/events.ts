import { ApplyContext, EventHandlers } from '../../lib/events/applier';
import { SHIPMENT_REFS, ShipmentRef } from '../../lib/events/directory';
import { EventType } from '../../lib/events/types';
import { FULFILLMENTS, INVENTORY } from './store/keys';
import { FULFILLMENT_RANK, FulfillmentRecord, FulfillmentState, InventoryPosition } from './store/records';
import { optionalString } from '../../lib/events/event-data';

const MOVEMENTS_KEPT = 50;

async function updateFulfillment(
  { uow, event }: ApplyContext,
  state: FulfillmentState,
  change: (record: FulfillmentRecord, at: string) => Partial<FulfillmentRecord>,
): Promise<void> {
  const record = await uow.get<FulfillmentRecord>(FULFILLMENTS, event.subject);
  if (!record) throw new Error(`shipment ${event.subject} has no fulfillment record`);
  const at = new Date(event.time).toISOString();
  const next = { ...record, ...change(record, at) };
  if (FULFILLMENT_RANK[state] > FULFILLMENT_RANK[record.state]) next.state = state;
  uow.put(FULFILLMENTS, record.shipmentId, next);
}

/** How the WMS subgraph's state changes. */
export const warehouseHandlers: EventHandlers = {
  async [EventType.OrderReleased]({ uow, event }) {
    const ids = (event.data.shipments as { id: string }[]).map((s) => s.id);
    const refs = await uow.getMany<ShipmentRef>(SHIPMENT_REFS, ids);
    const existing = await uow.getMany<FulfillmentRecord>(FULFILLMENTS, ids);
    refs.forEach((ref, i) => {
      if (!ref || existing[i]) return;
      uow.put(FULFILLMENTS, ref.id, {
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
      } satisfies FulfillmentRecord);
    });
  },

  [EventType.PickConfirmed]: (context) =>
    updateFulfillment(context, FulfillmentState.PICKED, (_, at) => ({
      warehouseId: context.event.data.warehouseId as string,
      pickLines: ((context.event.data.lines as Record<string, unknown>[] | undefined) ?? []).map((l) => ({
        sku: typeof l.sku === 'string' ? l.sku : '',
        quantity: Number(l.quantity ?? 0),
        shortQuantity: Number(l.shortQuantity ?? 0),
      })),
      pickedAt: at,
    })),

  [EventType.PackConfirmed]: (context) =>
    updateFulfillment(context, FulfillmentState.PACKED, (_, at) => ({
      packages: (context.event.data.packages as Record<string, unknown>[]).map((p) => ({
        id: p.id as string,
        sscc: optionalString(p.sscc),
        weightKg: typeof p.weightKg === 'number' ? p.weightKg : null,
      })),
      packedAt: at,
    })),

  [EventType.ShipmentLoaded]: (context) =>
    updateFulfillment(context, FulfillmentState.LOADED, (_, at) => ({
      trailer: optionalString(context.event.data.trailer),
      seal: optionalString(context.event.data.seal),
      billOfLading: optionalString(context.event.data.bol),
      loadedAt: at,
    })),

  async [EventType.InventoryAdjusted]({ uow, event }) {
    const data = event.data as { warehouseId: string; sku: string; quantityDelta: number; reasonCode?: string };
    const position = (await uow.get<InventoryPosition>(INVENTORY, event.subject)) ?? {
      warehouseId: data.warehouseId,
      sku: data.sku,
      quantityOnHand: 0,
      lastAdjustedAt: new Date(event.time).toISOString(),
      movements: [],
    };
    const movement = { eventId: event.id, quantityDelta: data.quantityDelta, reasonCode: optionalString(data.reasonCode), occurredAt: new Date(event.time).toISOString() };
    const movements = [...position.movements, movement].sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : -1)).slice(0, MOVEMENTS_KEPT);
    uow.put(INVENTORY, event.subject, {
      ...position,
      quantityOnHand: position.quantityOnHand + data.quantityDelta,
      lastAdjustedAt: movement.occurredAt > position.lastAdjustedAt ? movement.occurredAt : position.lastAdjustedAt,
      movements,
    });
  },
};
