import { EventType } from '../../../lib/events/types';
import { deriveShipment } from './derive';
import type { Fact, FactDataMap } from './fact';

let seq = 0;
function fact<T extends EventType>(type: T, minute: number, data: FactDataMap[T]): Fact<T> {
  seq++;
  return {
    key: `urn:test|e${seq}`,
    eventId: `e${seq}`,
    source: 'urn:test',
    type,
    occurredAt: new Date(Date.UTC(2026, 10, 1, 8, minute)).toISOString(),
    recordedAt: new Date(Date.UTC(2026, 10, 2)).toISOString(),
    position: String(seq).padStart(12, '0'),
    data,
  };
}

const released = () => fact(EventType.OrderReleased, 0, { shipment: { id: 'SHP-1', number: 'SH-1', warehouseId: 'W' } });
const tender = { carrier: { scac: 'ABCD' } };

describe('deriveShipment: unified status (docs/contract.md §6)', () => {
  const cases: [string, () => Fact[], string][] = [
    ['a released shipment is ORDERED', () => [released()], 'ORDERED'],
    ['a WMS pick makes it PROCESSING', () => [released(), fact(EventType.PickConfirmed, 1, { warehouseId: 'W' })], 'PROCESSING'],
    ['a pack makes it PROCESSING', () => [released(), fact(EventType.PackConfirmed, 1, { packages: [] })], 'PROCESSING'],
    ['a WMS load makes it READY_TO_SHIP, never IN_TRANSIT', () => [released(), fact(EventType.ShipmentLoaded, 2, {})], 'READY_TO_SHIP'],
    ['a tender makes it READY_TO_SHIP', () => [released(), fact(EventType.ShipmentTendered, 2, tender)], 'READY_TO_SHIP'],
    ['a TMS pickup makes it IN_TRANSIT', () => [released(), fact(EventType.PickedUp, 3, {})], 'IN_TRANSIT'],
    ['an in-transit scan makes it IN_TRANSIT', () => [released(), fact(EventType.InTransit, 3, {})], 'IN_TRANSIT'],
    ['out for delivery', () => [released(), fact(EventType.PickedUp, 3, {}), fact(EventType.OutForDelivery, 4, {})], 'OUT_FOR_DELIVERY'],
    ['available for pickup', () => [released(), fact(EventType.AvailableForPickup, 5, {})], 'AVAILABLE_FOR_PICKUP'],
    ['delivered', () => [released(), fact(EventType.PickedUp, 3, {}), fact(EventType.Delivered, 6, {})], 'DELIVERED'],
    [
      'a return after delivery is RETURNING',
      () => [released(), fact(EventType.Delivered, 6, {}), fact(EventType.ReturnStarted, 7, {})],
      'RETURNING',
    ],
    ['returned is terminal', () => [released(), fact(EventType.Returned, 8, {}), fact(EventType.InTransit, 9, {})], 'RETURNED'],
    [
      'status never moves backwards: a late lower-rank event',
      () => [released(), fact(EventType.Delivered, 6, {}), fact(EventType.InTransit, 9, {})],
      'DELIVERED',
    ],
    [
      'events apply by time, not arrival: an earlier load arriving last',
      () => [released(), fact(EventType.PickedUp, 5, {}), fact(EventType.ShipmentLoaded, 2, {})],
      'IN_TRANSIT',
    ],
    [
      'cancellation before pickup is CANCELLED',
      () => [released(), fact(EventType.PickConfirmed, 1, { warehouseId: 'W' }), fact(EventType.OrderCancelled, 2, { reason: 'x' })],
      'CANCELLED',
    ],
    [
      'CANCELLED sticks: a later pickup changes nothing',
      () => [released(), fact(EventType.OrderCancelled, 2, { reason: 'x' }), fact(EventType.PickedUp, 3, {})],
      'CANCELLED',
    ],
    [
      'cancellation after pickup does not cancel',
      () => [released(), fact(EventType.PickedUp, 3, {}), fact(EventType.OrderCancelled, 4, { reason: 'x' })],
      'IN_TRANSIT',
    ],
    [
      'an exception with reason LOST is LOST, terminal',
      () => [
        released(),
        fact(EventType.PickedUp, 3, {}),
        fact(EventType.ExceptionRaised, 4, { exceptionId: 'x1', reasonCode: 'LOST' }),
        fact(EventType.Delivered, 6, {}),
      ],
      'LOST',
    ],
    [
      'an open exception does not change status',
      () => [released(), fact(EventType.PickedUp, 3, {}), fact(EventType.ExceptionRaised, 4, { exceptionId: 'x1', reasonCode: 'WEATHER' })],
      'IN_TRANSIT',
    ],
    [
      'a failed delivery attempt does not change status',
      () => [
        released(),
        fact(EventType.OutForDelivery, 4, {}),
        fact(EventType.DeliveryAttempted, 5, { reasonCode: 'RECIPIENT_UNAVAILABLE' }),
      ],
      'OUT_FOR_DELIVERY',
    ],
  ];

  it.each(cases)('%s', (_name, facts, status) => {
    expect(deriveShipment(facts()).status).toBe(status);
  });

  it('stamps statusUpdatedAt with the time of the event that set the status', () => {
    const pickup = fact(EventType.PickedUp, 3, {});
    expect(deriveShipment([released(), fact(EventType.InTransit, 5, {}), pickup]).statusUpdatedAt).toBe(pickup.occurredAt);
  });
});

describe('deriveShipment: exception overlay, ETA, transport', () => {
  it('shows the latest open exception until it is resolved', () => {
    const raised = [
      released(),
      fact(EventType.ExceptionRaised, 2, { exceptionId: 'x1', reasonCode: 'WEATHER', customerActionRequired: false }),
      fact(EventType.ExceptionRaised, 3, {
        exceptionId: 'x2',
        reasonCode: 'ADDRESS_INCORRECT',
        customerActionRequired: true,
        message: 'Check address',
      }),
    ];
    expect(deriveShipment(raised).exception).toMatchObject({
      exceptionId: 'x2',
      reasonCode: 'ADDRESS_INCORRECT',
      customerActionRequired: true,
    });
    const resolved = [...raised, fact(EventType.ExceptionResolved, 4, { exceptionId: 'x2' })];
    expect(deriveShipment(resolved).exception).toMatchObject({ exceptionId: 'x1' });
    expect(deriveShipment([...resolved, fact(EventType.ExceptionResolved, 5, { exceptionId: 'x1' })]).exception).toBeNull();
  });

  it('closes open exceptions on delivery', () => {
    const facts = [
      released(),
      fact(EventType.ExceptionRaised, 2, { exceptionId: 'x1', reasonCode: 'WEATHER' }),
      fact(EventType.Delivered, 3, {}),
    ];
    expect(deriveShipment(facts).exception).toBeNull();
  });

  it('shows a LOST exception on the shipment, not only in its timeline', () => {
    const facts = [
      released(),
      fact(EventType.PickedUp, 2, {}),
      fact(EventType.ExceptionRaised, 3, { exceptionId: 'x9', reasonCode: 'LOST', message: 'not found at the hub' }),
    ];
    const derived = deriveShipment(facts);
    expect(derived.status).toBe('LOST');
    expect(derived.exception).toMatchObject({ exceptionId: 'x9', reasonCode: 'LOST', message: 'not found at the hub' });
    expect(deriveShipment([...facts, fact(EventType.ExceptionResolved, 4, { exceptionId: 'x9' })]).exception).toBeNull();
  });

  it('shows an exception raised after the delivery (damage found at the door)', () => {
    const facts = [
      released(),
      fact(EventType.Delivered, 2, {}),
      fact(EventType.ExceptionRaised, 3, { exceptionId: 'x3', reasonCode: 'DAMAGED' }),
    ];
    expect(deriveShipment(facts)).toMatchObject({ status: 'DELIVERED', exception: { exceptionId: 'x3', reasonCode: 'DAMAGED' } });
  });

  it('keeps the latest ETA by event time', () => {
    const facts = [
      released(),
      fact(EventType.EtaUpdated, 5, { eta: '2026-11-05T10:00:00Z' }),
      fact(EventType.EtaUpdated, 2, { eta: '2026-11-04T10:00:00Z' }),
    ];
    expect(deriveShipment(facts).eta).toBe('2026-11-05T10:00:00.000Z');
  });

  it('takes carrier, tracking number and proof of delivery from TMS events', () => {
    const facts = [
      released(),
      fact(EventType.ShipmentTendered, 2, { carrier: { scac: 'ABCD', name: 'Acme' }, mode: 'FTL', trackingNumber: 'T1' }),
      fact(EventType.Delivered, 6, { signedBy: 'J. Doe', podReference: 'POD-1' }),
    ];
    expect(deriveShipment(facts).transport).toEqual({
      carrier: { scac: 'ABCD', name: 'Acme' },
      mode: 'FTL',
      trackingNumber: 'T1',
      proofOfDelivery: { signedBy: 'J. Doe', podReference: 'POD-1', location: null, deliveredAt: facts[2].occurredAt },
    });
  });
});

describe('deriveShipment: discrepancies', () => {
  const codes = (facts: Fact[]) =>
    deriveShipment(facts)
      .discrepancies.map((d) => d.code)
      .sort();

  it('flags delivered in TMS but never loaded in WMS, and delivered without an accrual', () => {
    expect(codes([released(), fact(EventType.Delivered, 6, {})])).toEqual(['DELIVERED_NOT_LOADED', 'DELIVERED_WITHOUT_ACCRUAL']);
  });

  it('is clean for a loaded, delivered and accrued shipment', () => {
    const accrual = fact(EventType.AccrualCreated, 6, { accrualId: 'A', amount: { amount: '1.00', currency: 'EUR' } });
    expect(codes([released(), fact(EventType.ShipmentLoaded, 2, {}), fact(EventType.Delivered, 6, {}), accrual])).toEqual([]);
  });

  it('flags a cancellation in the ERP after pickup', () => {
    expect(codes([released(), fact(EventType.PickedUp, 3, {}), fact(EventType.OrderCancelled, 4, { reason: 'x' })])).toEqual([
      'CANCELLED_AFTER_PICKUP',
    ]);
  });

  it('does not flag a cancellation before pickup', () => {
    expect(codes([released(), fact(EventType.OrderCancelled, 2, { reason: 'x' }), fact(EventType.PickedUp, 3, {})])).toEqual([]);
  });
});
