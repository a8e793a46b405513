import { MemoryDocumentStore } from '../store/memory-document-store';
import { OwnershipRegistry, ownershipClaims } from './ownership';
import type { CanonicalEvent } from './types';
import { EventType } from './types';

const at = '2026-11-01T10:00:00Z';
const created = (order: string, customer: string): CanonicalEvent => ({
  specversion: '1.0',
  id: `c-${order}-${customer}`,
  source: 'urn:erp:x',
  type: EventType.OrderCreated,
  time: at,
  subject: order,
  data: { number: order, customer: { id: customer, name: customer }, lines: [{ sku: 'S', quantity: 1 }] },
});
const released = (order: string, shipments: string[]): CanonicalEvent => ({
  specversion: '1.0',
  id: `r-${order}-${shipments.join()}`,
  source: 'urn:erp:x',
  type: EventType.OrderReleased,
  time: at,
  subject: order,
  data: { shipments: shipments.map((id) => ({ id, number: id, warehouseId: 'DC' })) },
});

describe('OwnershipRegistry', () => {
  it('keeps the first word of an order and of a shipment', async () => {
    const registry = new OwnershipRegistry(new MemoryDocumentStore());
    expect(await registry.claim(created('O1', 'C1'))).toBeUndefined();
    expect(await registry.claim(created('O1', 'C1'))).toBeUndefined();
    expect(await registry.conflict(created('O1', 'C2'))).toMatch(/^ownership_conflict: order O1/);
    expect(await registry.claim(created('O1', 'C2'))).toMatch(/^ownership_conflict/);
    expect(await registry.claim(released('O1', ['S1']))).toBeUndefined();
    expect(await registry.claim(released('O2', ['S2', 'S1']))).toMatch(/^ownership_conflict: shipment S1/);
    // A refused claim records nothing: S2 is still free for its rightful order.
    expect(await registry.claim(released('O3', ['S2']))).toBeUndefined();
    expect(await registry.conflict(released('O2', ['S2']))).toMatch(/^ownership_conflict/);
  });

  it('claims nothing for events other than creation and release', () => {
    expect(ownershipClaims({ ...created('O', 'C'), type: EventType.OrderCancelled, data: { reason: 'x' } })).toEqual([]);
  });
});
