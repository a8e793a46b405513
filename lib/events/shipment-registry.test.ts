import { MemoryDocumentStore } from '../store/memory-document-store';
import { ShipmentRegistry, shipmentFacts } from './shipment-registry';
import type { CanonicalEvent } from './types';
import { EventType } from './types';

const at = '2026-11-01T10:00:00Z';
const event = (type: EventType, subject: string, data: Record<string, unknown>): CanonicalEvent => ({
  specversion: '1.0',
  id: `${type}-${subject}-${JSON.stringify(data)}`,
  source: 'urn:test:x',
  type,
  time: at,
  subject,
  data,
});
const released = (order: string, shipments: [string, string][]) =>
  event(EventType.OrderReleased, order, { shipments: shipments.map(([id, number]) => ({ id, number, warehouseId: 'DC' })) });
const tendered = (shipment: string, scac: string, trackingNumber?: string) =>
  event(EventType.ShipmentTendered, shipment, { carrier: { scac }, ...(trackingNumber ? { trackingNumber } : {}) });
const loaded = (shipment: string, bol: string) => event(EventType.ShipmentLoaded, shipment, { bol });

describe('ShipmentRegistry', () => {
  it('takes facts from release (id, ERP number), tender (carrier, tracking number) and loading (BOL) only', () => {
    expect(shipmentFacts(released('O1', [['S1', 'SH-1']]))).toEqual({
      tenders: [],
      references: [
        ['S1', 'S1'],
        ['SH-1', 'S1'],
      ],
    });
    expect(shipmentFacts(tendered('S1', 'odfl ', 'PRO-1'))).toEqual({
      tenders: [['S1', 'ODFL']],
      references: [
        ['S1', 'S1'],
        ['PRO-1', 'S1'],
      ],
    });
    expect(shipmentFacts(loaded('S1', 'BOL-1')).references).toContainEqual(['BOL-1', 'S1']);
    expect(shipmentFacts(event(EventType.PickedUp, 'S1', {}))).toEqual({ tenders: [], references: [] });
  });

  it('knows the carriers a shipment was tendered to, none before its tender', async () => {
    const registry = new ShipmentRegistry(new MemoryDocumentStore());
    await registry.record(released('O1', [['S1', 'SH-1']]));
    expect(await registry.carriersOf('S1')).toBeNull();
    await registry.record(tendered('S1', 'ODFL'));
    await registry.record(tendered('S1', 'ODFL'));
    await registry.record(tendered('S1', 'acme'));
    expect(await registry.carriersOf('S1')).toEqual(['ACME', 'ODFL']);
  });

  it('resolves the Lading id, ERP number, tracking number and BOL, whatever their case, the first known reference deciding', async () => {
    const registry = new ShipmentRegistry(new MemoryDocumentStore());
    await registry.record(
      released('O1', [
        ['S1', 'SH-500048'],
        ['S2', 'SH-500049'],
      ]),
    );
    await registry.record(tendered('S1', 'ODFL', 'PRO-77'));
    await registry.record(loaded('S2', 'BOL-9'));
    for (const reference of ['S1', 'SH-500048', ' sh-500048 ', 'PRO-77'])
      expect(await registry.resolve([reference])).toEqual({ ok: true, shipmentId: 'S1' });
    expect(await registry.resolve(['UNKNOWN', 'BOL-9', 'S1'])).toEqual({ ok: true, shipmentId: 'S2' });
    expect(await registry.resolve(['nope', 'NADA', ' Nope'])).toEqual({ ok: false, reason: 'no shipment is known by "nope", "NADA"' });
    expect(await registry.resolve([''])).toEqual({ ok: false, reason: 'no shipment reference was sent' });
  });

  it('lets a carrier-bound caller resolve a reference two shipments share to its own; anyone else is told it is ambiguous', async () => {
    const registry = new ShipmentRegistry(new MemoryDocumentStore());
    await registry.record(released('O1', [['S1', 'SH-1']]));
    await registry.record(released('O2', [['S9', 'SH-1']]));
    await registry.record(tendered('S9', 'ACME'));
    expect(await registry.resolve(['SH-1'], ['ACME'])).toEqual({ ok: true, shipmentId: 'S9' });
    const ambiguous = { ok: false, reason: '"SH-1" names more than one shipment; send the Lading shipment id' };
    expect(await registry.resolve(['SH-1'])).toEqual(ambiguous);
    expect(await registry.resolve(['SH-1'], ['ODFL'])).toEqual(ambiguous);
  });
});
