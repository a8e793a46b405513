import type { ShipmentRef } from '../../../lib/events/directory';
import { eventFor, foldTable } from '../../../lib/events/fold-cases.contract';
import { EventType } from '../../../lib/events/types';
import { fulfillmentReleased, packConfirmed, pickConfirmed, shipmentLoaded } from './fulfillment-fold';
import type { FulfillmentRecord } from './records';

const T0 = '2026-11-01T08:00:00.000Z';
const ref: ShipmentRef = { id: 'SHP-1', number: 'SH-1', orderId: 'ORD-1', orderNumber: 'SO-1', customerId: 'C1', warehouseId: 'DC-EAST' };

const fulfillment = (change: Partial<FulfillmentRecord> = {}): FulfillmentRecord => ({
  shipmentId: 'SHP-1',
  customerId: 'C1',
  warehouseId: 'DC-EAST',
  state: 'AWAITING_PICK',
  packages: [],
  pickLines: [],
  pickedAt: null,
  packedAt: null,
  loadedAt: null,
  trailer: null,
  seal: null,
  billOfLading: null,
  ...change,
});

describe('warehouse domain: a release creates the fulfillment', () => {
  foldTable(fulfillmentReleased, [
    ["a released shipment awaits its pick at the release's warehouse", null, ref, { record: fulfillment() }],
    [
      'a release delivered again keeps the work done',
      fulfillment({ state: 'PICKED', pickedAt: T0 }),
      ref,
      { record: fulfillment({ state: 'PICKED', pickedAt: T0 }) },
    ],
    ['a shipment never moves to another order', fulfillment({ customerId: 'C2' }), ref, { refused: /^ownership_conflict: shipment SHP-1/ }],
  ]);
});

const pick = (lines?: { sku?: string; quantity?: number; shortQuantity?: number }[]) =>
  eventFor(EventType.PickConfirmed, 'SHP-1', { warehouseId: 'DC-WEST', lines });

describe('warehouse domain: wms.pick.confirmed', () => {
  foldTable(pickConfirmed, [
    [
      'a pick makes it PICKED at the picking warehouse, with its lines',
      fulfillment(),
      pick([{ sku: 'A', quantity: 3, shortQuantity: 1 }]),
      {
        record: fulfillment({
          state: 'PICKED',
          warehouseId: 'DC-WEST',
          pickedAt: T0,
          pickLines: [{ sku: 'A', quantity: 3, shortQuantity: 1 }],
        }),
      },
    ],
    [
      'absent lines and quantities read as none',
      fulfillment(),
      pick([{ sku: 'A' }]),
      {
        record: fulfillment({
          state: 'PICKED',
          warehouseId: 'DC-WEST',
          pickedAt: T0,
          pickLines: [{ sku: 'A', quantity: 0, shortQuantity: 0 }],
        }),
      },
    ],
    [
      'a late pick records its details but never moves LOADED back',
      fulfillment({ state: 'LOADED' }),
      pick(),
      { record: fulfillment({ state: 'LOADED', warehouseId: 'DC-WEST', pickedAt: T0 }) },
    ],
    ['a shipment without a fulfillment is a fault', null, pick(), { fails: /fulfillment of shipment SHP-1 is missing/ }],
  ]);
});

describe('warehouse domain: wms.pack.confirmed and wms.shipment.loaded', () => {
  foldTable(packConfirmed, [
    [
      'a pack makes it PACKED with its packages',
      fulfillment({ state: 'PICKED' }),
      eventFor(EventType.PackConfirmed, 'SHP-1', { packages: [{ id: 'P1', sscc: '00340000', weightKg: 12.5 }, { id: 'P2' }] }),
      {
        record: fulfillment({
          state: 'PACKED',
          packedAt: T0,
          packages: [
            { id: 'P1', sscc: '00340000', weightKg: 12.5 },
            { id: 'P2', sscc: null, weightKg: null },
          ],
        }),
      },
    ],
  ]);
  foldTable(shipmentLoaded, [
    [
      'a load makes it LOADED with trailer, seal and bill of lading',
      fulfillment({ state: 'PACKED' }),
      eventFor(EventType.ShipmentLoaded, 'SHP-1', { trailer: 'TR-1', seal: 'S-1', bol: 'BOL-1' }),
      { record: fulfillment({ state: 'LOADED', loadedAt: T0, trailer: 'TR-1', seal: 'S-1', billOfLading: 'BOL-1' }) },
    ],
    [
      'a load straight after release skips the steps in between',
      fulfillment(),
      eventFor(EventType.ShipmentLoaded, 'SHP-1', {}),
      { record: fulfillment({ state: 'LOADED', loadedAt: T0 }) },
    ],
  ]);
});
