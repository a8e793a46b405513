import type { Fold } from '../../../lib/events/fold';
import type { EventType } from '../../../lib/events/types';
import type { InventoryPosition } from './records';

/** Movements kept per position, newest first: enough for the portal's history, bounded however busy the SKU. */
export const MOVEMENTS_KEPT = 50;

/** An adjustment moves the quantity on hand; the position's time is its latest movement's, whatever the arrival order. */
export const inventoryAdjusted: Fold<InventoryPosition, typeof EventType.InventoryAdjusted> = (record, event) => {
  const { data } = event;
  const occurredAt = new Date(event.time).toISOString();
  const position = record ?? { warehouseId: data.warehouseId, sku: data.sku, quantityOnHand: 0, lastAdjustedAt: occurredAt, movements: [] };
  const movement = { eventId: event.id, quantityDelta: data.quantityDelta, reasonCode: data.reasonCode ?? null, occurredAt };
  const movements = [...position.movements, movement].sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : -1)).slice(0, MOVEMENTS_KEPT);
  return {
    ...position,
    quantityOnHand: position.quantityOnHand + data.quantityDelta,
    lastAdjustedAt: occurredAt > position.lastAdjustedAt ? occurredAt : position.lastAdjustedAt,
    movements,
  };
};
