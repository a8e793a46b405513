import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { EventType } from '../lib/events/types';
import { encodeIdentity } from '../lib/identity/forwarding';
import { signWsInit } from '../lib/identity/ws-init-signing';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import { subgraphRequestCounts } from './support/gateway-metrics';
import { TEST_SUBGRAPH_SECRET, TestStack, startTestStack } from './support/test-stack';
import { Subscriber, subscribe } from './support/ws-subscriber';
import { listenerCount } from './support/listeners';
import { until } from './support/until';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { silentLogger } from '../lib/logger';

// order.status comes from orders (number is carried by transport), so each update needs one entity fetch.
const QUERY = 'subscription($id: ID) { shipmentUpdated(shipmentId: $id) { cursor shipment { id status order { number status } } } }';


describe('subscription fan-out', () => {
  let t: TestStack;
  let listeners: ReturnType<typeof listenerCount>;

  beforeAll(async () => {
    // One principal starts 1,000 subscriptions at once; starting one is charged to its budget like any operation.
    const runtime = createMemoryRuntime(silentLogger);
    listeners = listenerCount(runtime);
    t = await startTestStack(runtime, { rate: { ratePerSecond: 100_000, burst: 100_000 } });
    await t.ingest(orderWithShipments('ORD-F', 'CUST-F', ['SHP-F']));
  });

  afterAll(() => t.dispose());

  it('delivers one update to 1,000 subscribers with one entity resolution', async () => {
    const token = await t.token(Role.Customer, 'CUST-F');
    const subscribers: Subscriber[] = [];
    const clients = Array.from({ length: 20 }, () =>
      createClient({ url: t.gatewayUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 }),
    );
    for (let i = 0; i < 1000; i++) subscribers.push(subscribe(t.gatewayUrl, {}, QUERY, { id: 'SHP-F' }, clients[i % clients.length]));
    // All 1,000 counted by the gateway, and their shared upstream listening in the transport subgraph.
    const metrics = () => fetch(t.gatewayUrl.replace('/graphql', '/metrics')).then((r) => r.text());
    await until(async () => listeners('shipmentChanged') > 0 && /lading_active_subscriptions(\{[^}]*\})? 1000\n/.test(await metrics()), 'every subscriber to be attached');
    const before = await subgraphRequestCounts(t);
    await t.ingest([event(EventType.PickConfirmed, 'SHP-F', { warehouseId: 'W' }, '2026-11-01T09:00:00Z')]);
    await Promise.all(subscribers.map((s) => s.waitFor(1, 10_000)));
    const after = await subgraphRequestCounts(t);
    expect(subscribers.every((s) => s.results[0].data.shipmentUpdated.shipment.order.number === 'SO-ORD-F')).toBe(true);
    expect((after.orders ?? 0) - (before.orders ?? 0)).toBe(1);
    await Promise.all(clients.map((c) => c.dispose()));
  }, 30_000);
});

describe('subgraph subscriptions served directly over graphql-ws', () => {
  let t: TestStack;
  let listeners: ReturnType<typeof listenerCount>;

  beforeAll(async () => {
    const runtime = createMemoryRuntime(silentLogger);
    listeners = listenerCount(runtime);
    t = await startTestStack(runtime);
    await t.ingest(orderWithShipments('ORD-D', 'CUST-D', ['SHP-D']));
  });

  afterAll(() => t.dispose());

  it('streams shipmentUpdated from the transport subgraph to a federation-aware client', async () => {
    const identity = encodeIdentity({ sub: 'router', role: Role.Customer, customerId: 'CUST-D' });
    const sub = subscribe(
      t.stack.subgraphs.transport.url,
      signWsInit(TEST_SUBGRAPH_SECRET, identity),
      'subscription { shipmentUpdated(shipmentId: "SHP-D") { cursor milestone { type } shipment { __typename id status } } }',
    );
    await until(() => listeners('shipmentChanged') > 0, 'the subgraph to listen for the subscription');
    await t.ingest([event(EventType.PickedUp, 'SHP-D', {}, '2026-11-01T12:00:00Z')]);
    const [result] = await sub.waitFor(1);
    expect(result.data.shipmentUpdated).toMatchObject({ milestone: { type: 'tms.shipment.picked_up' }, shipment: { __typename: 'Shipment', id: 'SHP-D', status: 'IN_TRANSIT' } });
    await sub.close();
  });
});
