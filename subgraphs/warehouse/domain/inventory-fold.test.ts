import { eventFor, foldTable } from '../../../lib/events/fold-cases.contract';
import { EventType } from '../../../lib/events/types';
import { MOVEMENTS_KEPT, inventoryAdjusted } from './inventory-fold';
import type { InventoryPosition } from './records';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, minute)).toISOString();
const adjusted = (id: string, quantityDelta: number, minute: number, reasonCode?: string) =>
  eventFor(
    EventType.InventoryAdjusted,
    'DC-EAST/SKU-1',
    { warehouseId: 'DC-EAST', sku: 'SKU-1', quantityDelta, reasonCode },
    at(minute),
    id,
  );
const position = (change: Partial<InventoryPosition>): InventoryPosition => ({
  warehouseId: 'DC-EAST',
  sku: 'SKU-1',
  quantityOnHand: 0,
  lastAdjustedAt: at(0),
  movements: [],
  ...change,
});
const movement = (eventId: string, quantityDelta: number, minute: number, reasonCode: string | null = null) => ({
  eventId,
  quantityDelta,
  reasonCode,
  occurredAt: at(minute),
});

const full = position({
  quantityOnHand: MOVEMENTS_KEPT,
  lastAdjustedAt: at(100),
  movements: Array.from({ length: MOVEMENTS_KEPT }, (_, i) => movement(`m${i}`, 1, 100 - i)),
});

describe('warehouse domain: wms.inventory.adjusted', () => {
  foldTable(inventoryAdjusted, [
    [
      'a first adjustment opens the position',
      null,
      adjusted('e1', 5, 1, 'CYCLE_COUNT'),
      { record: position({ quantityOnHand: 5, lastAdjustedAt: at(1), movements: [movement('e1', 5, 1, 'CYCLE_COUNT')] }) },
    ],
    [
      'a decrease lowers the quantity; movements newest first',
      position({ quantityOnHand: 5, lastAdjustedAt: at(1), movements: [movement('e1', 5, 1)] }),
      adjusted('e2', -2, 2),
      { record: position({ quantityOnHand: 3, lastAdjustedAt: at(2), movements: [movement('e2', -2, 2), movement('e1', 5, 1)] }) },
    ],
    [
      'a late adjustment counts but leaves the latest time',
      position({ quantityOnHand: 5, lastAdjustedAt: at(5), movements: [movement('e1', 5, 5)] }),
      adjusted('e0', 1, 3),
      { record: position({ quantityOnHand: 6, lastAdjustedAt: at(5), movements: [movement('e1', 5, 5), movement('e0', 1, 3)] }) },
    ],
    [
      `only the newest ${MOVEMENTS_KEPT} movements are kept`,
      full,
      adjusted('new', 1, 200),
      {
        record: {
          ...full,
          quantityOnHand: MOVEMENTS_KEPT + 1,
          lastAdjustedAt: at(200),
          movements: [movement('new', 1, 200), ...full.movements.slice(0, MOVEMENTS_KEPT - 1)],
        },
      },
    ],
  ]);
});
