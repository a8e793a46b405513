import type { CanonicalEvent } from '../../lib/events/types';
import { EventType } from '../../lib/events/types';

const SOURCES: Record<string, string> = { erp: 'urn:erp:test', wms: 'urn:wms:dc-test', tms: 'urn:tms:test', finance: 'urn:finance:test' };
let counter = 0;

/** A valid canonical event for tests; ids are unique unless given. */
export function event(type: EventType, subject: string, data: Record<string, unknown>, time: string, id?: string): CanonicalEvent {
  return {
    specversion: '1.0',
    id: id ?? `test-${++counter}-${Math.random().toString(36).slice(2, 8)}`,
    source: SOURCES[type.split('.')[0]],
    type,
    time,
    subject,
    data,
  };
}

/** An order of one customer, created and released with the given shipments. */
export function orderWithShipments(
  orderId: string,
  customerId: string,
  shipmentIds: string[],
  time = '2026-11-01T08:00:00Z',
): CanonicalEvent[] {
  return [
    event(
      EventType.OrderCreated,
      orderId,
      {
        number: `SO-${orderId}`,
        customer: { id: customerId, name: `Customer ${customerId}` },
        lines: [{ sku: 'SKU-1', quantity: 2, uom: 'EA' }],
        currency: 'EUR',
      },
      time,
    ),
    event(
      EventType.OrderReleased,
      orderId,
      {
        shipments: shipmentIds.map((id) => ({ id, number: `SH-${id}`, warehouseId: 'DC-TEST' })),
      },
      time.replace('08:00', '08:05'),
    ),
  ];
}
