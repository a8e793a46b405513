import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import { TestStack, startTestStack } from './support/test-stack';
import { eventually, subscribe } from './support/ws-subscriber';

const UPDATE = `subscription($id: ID, $after: String) {
  shipmentUpdated(shipmentId: $id, after: $after) {
    cursor
    milestone { type source }
    shipment { id status order { number } fulfillment { state } charges { stage amount { amount currency } } }
  }
}`;

describe('federated subscriptions through the gateway', () => {
  let t: TestStack;
  let customerA: string;
  let customerB: string;

  beforeAll(async () => {
    t = await startTestStack();
    customerA = await t.token(Role.Customer, 'CUST-A');
    customerB = await t.token(Role.Customer, 'CUST-B');
    await t.ingest([
      ...orderWithShipments('ORD-A', 'CUST-A', ['SHP-A']),
      ...orderWithShipments('ORD-B', 'CUST-B', ['SHP-B']),
      event(EventType.PickConfirmed, 'SHP-A', { warehouseId: 'DC-TEST' }, '2026-11-01T09:00:00Z'),
      event(EventType.ShipmentTendered, 'SHP-A', { carrier: { scac: 'ABCD' }, ratedCost: { amount: '99.00', currency: 'EUR' } }, '2026-11-01T10:00:00Z'),
    ]);
  });

  afterAll(() => t.dispose());

  it('delivers a pickup with fields of all four subgraphs', async () => {
    const sub = subscribe(t.gatewayUrl, { authorization: `Bearer ${customerA}` }, UPDATE, { id: 'SHP-A' });
    await eventually(() => t.stack.subgraphs.transport !== undefined);
    await new Promise((r) => setTimeout(r, 200));
    await t.ingest([event(EventType.PickedUp, 'SHP-A', { location: 'Rotterdam' }, '2026-11-01T12:00:00Z')]);
    const [result] = await sub.waitFor(1);
    expect(result.errors).toBeUndefined();
    const update = result.data.shipmentUpdated;
    expect(update.milestone).toEqual({ type: 'tms.shipment.picked_up', source: 'TMS' });
    expect(update.shipment).toMatchObject({
      id: 'SHP-A',
      status: 'IN_TRANSIT',
      order: { number: 'SO-ORD-A' },
      fulfillment: { state: 'PICKED' },
      charges: [{ stage: 'RATED', amount: { amount: '99.00', currency: 'EUR' } }],
    });
    await sub.close();
  });

  it('closes a connection without a valid token with 4403', async () => {
    const sub = subscribe(t.gatewayUrl, { authorization: 'Bearer nonsense' }, UPDATE, {});
    await eventually(() => sub.errors.length > 0);
    expect((sub.errors[0] as { code: number }).code).toBe(4403);
    await sub.close();
  });
});
