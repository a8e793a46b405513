import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { headCursor } from './support/cursors';
import { until } from './support/until';
import { subscribe } from './support/ws-subscriber';

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

  beforeAll(async () => {
    t = await startTestStack();
    customerA = await t.token(Role.Customer, 'CUST-A');
    await t.ingest([
      ...orderWithShipments('ORD-A', 'CUST-A', ['SHP-A']),
      ...orderWithShipments('ORD-B', 'CUST-B', ['SHP-B']),
      event(EventType.PickConfirmed, 'SHP-A', { warehouseId: 'DC-TEST' }, '2026-11-01T09:00:00Z'),
      event(
        EventType.ShipmentTendered,
        'SHP-A',
        { carrier: { scac: 'ABCD' }, ratedCost: { amount: '99.00', currency: 'EUR' } },
        '2026-11-01T10:00:00Z',
      ),
    ]);
  });

  afterAll(() => t.dispose());

  it('delivers a pickup with fields of all four subgraphs', async () => {
    const sub = subscribe(t.gatewayUrl, { authorization: `Bearer ${customerA}` }, UPDATE, { id: 'SHP-A', after: await headCursor(t) });
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
    await until(() => sub.errors.length > 0, 'the connection to be refused');
    expect((sub.errors[0] as { code: number }).code).toBe(4403);
    await sub.close();
  });
});

describe('subscription scope, resume and sharing', () => {
  let t: TestStack;
  let customerA: string;
  const ALL = 'subscription($after: String) { shipmentUpdated(after: $after) { cursor milestone { type } shipment { id } } }';
  const ONE =
    'subscription($id: ID, $after: String) { shipmentUpdated(shipmentId: $id, after: $after) { cursor milestone { type eventId } shipment { id order { number } } } }';

  beforeAll(async () => {
    t = await startTestStack();
    customerA = await t.token(Role.Customer, 'CUST-A');
    await t.ingest([...orderWithShipments('ORD-A', 'CUST-A', ['SHP-A', 'SHP-A2']), ...orderWithShipments('ORD-B', 'CUST-B', ['SHP-B'])]);
  });

  afterAll(() => t.dispose());

  it('gives a customer subscribed to all its shipments only its own updates', async () => {
    const sub = subscribe(t.gatewayUrl, { authorization: `Bearer ${customerA}` }, ALL, { after: await headCursor(t) });
    await t.ingest([
      event(EventType.PickConfirmed, 'SHP-B', { warehouseId: 'W' }, '2026-11-01T09:00:00Z'),
      event(EventType.PickConfirmed, 'SHP-A2', { warehouseId: 'W' }, '2026-11-01T09:01:00Z'),
      event(EventType.PickConfirmed, 'SHP-B', { warehouseId: 'W' }, '2026-11-01T09:02:00Z'),
      event(EventType.PickConfirmed, 'SHP-A', { warehouseId: 'W' }, '2026-11-01T09:03:00Z'),
    ]);
    await sub.waitFor(2);
    // Updates arrive in log order: once one logged after them is in, nothing of SHP-B can still come.
    await t.ingest([event(EventType.PackConfirmed, 'SHP-A', { packages: [{ id: 'P1' }] }, '2026-11-01T09:04:00Z')]);
    const results = await sub.waitFor(3);
    expect(results.map((r) => `${r.data.shipmentUpdated.shipment.id} ${r.data.shipmentUpdated.milestone.type}`)).toEqual([
      'SHP-A2 wms.pick.confirmed',
      'SHP-A wms.pick.confirmed',
      'SHP-A wms.pack.confirmed',
    ]);
    await sub.close();
  });

  it("answers a subscription to another customer's shipment with NOT_FOUND and nothing of it", async () => {
    const sub = subscribe(t.gatewayUrl, { Authorization: `Bearer ${customerA}` }, ONE, { id: 'SHP-B' });
    // Refused when it opens, the operation ends: an update of SHP-B posted then has nowhere to go.
    await until(() => sub.completed || sub.errors.length > 0, 'the subscription to be refused');
    await t.ingest([event(EventType.PackConfirmed, 'SHP-B', { packages: [{ id: 'P1' }] }, '2026-11-01T10:00:00Z')]);
    const delivered = JSON.stringify([...sub.results, ...sub.errors]);
    expect(delivered).toContain('NOT_FOUND');
    expect(delivered).not.toContain('SO-ORD-B');
    expect(sub.results.every((r) => !r.data)).toBe(true);
    await sub.close();
  });

  it('resumes after a cursor: the missed updates in order, then live ones, none twice', async () => {
    const first = subscribe(t.gatewayUrl, { authorization: `Bearer ${customerA}` }, ONE, { id: 'SHP-A', after: await headCursor(t) });
    await t.ingest([event(EventType.PackConfirmed, 'SHP-A', { packages: [{ id: 'P1' }] }, '2026-11-01T11:00:00Z')]);
    const [seen] = await first.waitFor(1);
    const cursor = seen.data.shipmentUpdated.cursor;
    await first.close();

    const missed = [
      event(EventType.ShipmentLoaded, 'SHP-A', {}, '2026-11-01T12:00:00Z'),
      event(EventType.ShipmentTendered, 'SHP-A', { carrier: { scac: 'ABCD' } }, '2026-11-01T12:10:00Z'),
      event(EventType.PickedUp, 'SHP-A', {}, '2026-11-01T12:20:00Z'),
    ];
    await t.ingest(missed);
    const resumed = subscribe(t.gatewayUrl, { authorization: `Bearer ${customerA}` }, ONE, { id: 'SHP-A', after: cursor });
    await resumed.waitFor(3);
    const live = event(EventType.InTransit, 'SHP-A', {}, '2026-11-01T13:00:00Z');
    await t.ingest([live]);
    await resumed.waitFor(4);
    // Nothing twice: once an update logged after them is in, a repeat of one before it can no longer come.
    const marker = event(EventType.OutForDelivery, 'SHP-A', {}, '2026-11-01T14:00:00Z');
    await t.ingest([marker]);
    const results = await resumed.waitFor(5);
    expect(results.map((r) => r.data.shipmentUpdated.milestone.eventId)).toEqual([...missed, live, marker].map((e) => e.id));
    expect(results[0].data.shipmentUpdated.shipment.order.number).toBe('SO-ORD-A');
    await resumed.close();
  });
});

describe('subscriptions on shutdown', () => {
  it('closes open subscriptions cleanly (1001) when the gateway stops, and counts them in metrics', async () => {
    const t = await startTestStack();
    await t.ingest(orderWithShipments('ORD-S', 'CUST-S', ['SHP-S']));
    const token = await t.token(Role.Customer, 'CUST-S');
    const sub = subscribe(t.gatewayUrl, { authorization: `Bearer ${token}` }, 'subscription { shipmentUpdated { cursor } }');
    const metrics = () => fetch(t.gatewayUrl.replace('/graphql', '/metrics')).then((r) => r.text());
    await until(async () => /lading_active_subscriptions(\{[^}]*\})? 1\n/.test(await metrics()), 'the gateway to count the subscription');
    await t.dispose();
    await until(() => sub.errors.length > 0 || sub.completed, 'the subscription to end');
    expect(sub.errors.map((e) => (e as { code: number }).code)).toEqual([1001]);
    await sub.close();
  });
});
