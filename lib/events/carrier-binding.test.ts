import { carrierVerdict } from './carrier-binding';
import { EventType } from './types';

describe('carrierVerdict', () => {
  const pickedUp = { type: EventType.PickedUp, subject: 'SHP-1' };
  it.each([
    ['tendered to one of its carriers', pickedUp, ['ODFL', 'ACME'], ['ACME'], 'allowed', undefined],
    [
      'tendered to another carrier',
      pickedUp,
      ['ODFL'],
      ['ACME'],
      'refused',
      'carrier_not_assigned: shipment SHP-1 is not tendered to carriers ODFL',
    ],
    ['bound to no carrier', pickedUp, [], ['ACME'], 'refused', 'carrier_not_assigned: shipment SHP-1 is not tendered to carriers none'],
    [
      'not tendered yet',
      pickedUp,
      ['ODFL'],
      null,
      'await_tender',
      'shipment SHP-1 is not tendered yet: held until its tender, then checked against carriers ODFL',
    ],
    [
      'a tender',
      { type: EventType.ShipmentTendered, subject: 'SHP-1' },
      ['ODFL'],
      null,
      'refused',
      'carrier_not_assigned: a carrier integration cannot tender shipments; tenders come from the shipper',
    ],
    [
      'an order event',
      { type: EventType.OrderCancelled, subject: 'ORD-1' },
      ['ODFL'],
      null,
      'refused',
      'carrier_not_assigned: a carrier integration reports on shipments only, not erp.order.cancelled',
    ],
  ] as const)('%s', (_, event, carriers, tenderedTo, kind, reason) => {
    const verdict = carrierVerdict(event, carriers, tenderedTo);
    expect(verdict.kind).toBe(kind);
    expect('reason' in verdict ? verdict.reason : undefined).toBe(reason);
  });

  it('never names the carrier a shipment was tendered to', () => {
    const verdict = carrierVerdict(pickedUp, ['ODFL'], ['SECRETCARRIER']);
    expect(JSON.stringify(verdict)).not.toContain('SECRETCARRIER');
  });
});
