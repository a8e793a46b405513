import { EventType } from '../../../lib/events/types';
import { eventFor, foldTable } from '../../../lib/events/fold-cases.contract';
import { orderCancelled, orderCreated, orderReleased } from './order-fold';
import type { OrderRecord } from './order-record';

const created = (customerId = 'C1', extra = {}) =>
  eventFor(EventType.OrderCreated, 'ORD-1', {
    number: 'SO-1',
    customer: { id: customerId, name: 'Acme' },
    lines: [{ sku: 'A', quantity: 2 }],
    ...extra,
  });

const order = (change: Partial<OrderRecord> = {}): OrderRecord => ({
  id: 'ORD-1',
  number: 'SO-1',
  status: 'CREATED',
  customer: { id: 'C1', name: 'Acme' },
  lines: [{ sku: 'A', quantity: 2, uom: null, description: null }],
  shipTo: null,
  requestedDeliveryDate: null,
  currency: null,
  createdAt: '2026-11-01T08:00:00.000Z',
  shipmentIds: [],
  cancellationReason: null,
  ...change,
});

const released = (...ids: string[]) =>
  eventFor(EventType.OrderReleased, 'ORD-1', { shipments: ids.map((id) => ({ id, number: `SH-${id}`, warehouseId: 'W' })) });
const cancelled = eventFor(EventType.OrderCancelled, 'ORD-1', { reason: 'customer request' });

describe('orders domain: erp.order.created', () => {
  foldTable(orderCreated, [
    ['a new order is CREATED, optional fields null', null, created(), { record: order() }],
    [
      'optional fields are kept as sent',
      null,
      created('C1', { currency: 'EUR', requestedDeliveryDate: '2026-11-05', shipTo: { city: 'Lyon' } }),
      { record: order({ currency: 'EUR', requestedDeliveryDate: '2026-11-05', shipTo: { city: 'Lyon' } }) },
    ],
    [
      'a creation arriving after release and cancellation keeps their status, shipments and reason',
      order({ status: 'CANCELLED', shipmentIds: ['SHP-1'], cancellationReason: 'x' }),
      created(),
      { record: order({ status: 'CANCELLED', shipmentIds: ['SHP-1'], cancellationReason: 'x' }) },
    ],
    ['an order never moves to another customer', order(), created('C2'), { refused: /^ownership_conflict: order ORD-1/ }],
  ]);
});

describe('orders domain: erp.order.released', () => {
  foldTable(orderReleased, [
    [
      'a release makes it RELEASED with its shipments, sorted',
      order(),
      released('SHP-2', 'SHP-1'),
      { record: order({ status: 'RELEASED', shipmentIds: ['SHP-1', 'SHP-2'] }) },
    ],
    [
      'a second release adds its shipments once',
      order({ status: 'RELEASED', shipmentIds: ['SHP-1'] }),
      released('SHP-1', 'SHP-3'),
      { record: order({ status: 'RELEASED', shipmentIds: ['SHP-1', 'SHP-3'] }) },
    ],
    [
      'CANCELLED sticks: a later release adds shipments only',
      order({ status: 'CANCELLED', cancellationReason: 'x' }),
      released('SHP-1'),
      { record: order({ status: 'CANCELLED', cancellationReason: 'x', shipmentIds: ['SHP-1'] }) },
    ],
    ['an order the store does not have is a fault', null, released('SHP-1'), { fails: /order ORD-1 is missing/ }],
  ]);
});

describe('orders domain: erp.order.cancelled', () => {
  foldTable(orderCancelled, [
    [
      'a cancellation is CANCELLED with its reason',
      order({ status: 'RELEASED' }),
      cancelled,
      { record: order({ status: 'CANCELLED', cancellationReason: 'customer request' }) },
    ],
    ['an order the store does not have is a fault', null, cancelled, { fails: /order ORD-1 is missing/ }],
  ]);
});
