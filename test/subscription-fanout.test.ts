import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { EventType } from '../lib/events/types';
import { encodeIdentity } from '../lib/identity/forwarding';
import { signWsInit } from '../lib/identity/ws-init-signing';
import { Role } from '../lib/identity/identity';
import { serializationCount } from '../gateway/subscriptions/serialized';
import { event, orderWithShipments } from './support/events';
import { activeSubscriptions, subgraphRequestCounts } from './support/gateway-metrics';
import type { TestStack } from './support/test-stack';
import { TEST_SUBGRAPH_SECRET, startTestStack } from './support/test-stack';
import type { Subscriber } from './support/ws-subscriber';
import { eventually, subscribe } from './support/ws-subscriber';
import { ChangeStreamName } from '../lib/changes/change-stream';
import type { Runtime } from '../lib/runtime/runtime';
import { until } from './support/until';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { silentLogger } from '../lib/logger';

// order.status comes from orders (number is carried by transport), so each update needs one entity fetch.
const QUERY =
  'subscription($id: ID) { shipmentUpdated(shipmentId: $id) { cursor milestone { eventId } shipment { id status order { number status } } } }';
const WITH_MILESTONE =
  'subscription($id: ID) { shipmentUpdated(shipmentId: $id) { milestone { eventId } shipment { id order { number } } } }';

/**
 * How many subscriptions follow the change stream in the transport subgraph: its followers beyond
 * the webhook enqueuer's, counted once that one follows. A test waits for these instead of
 * sleeping before it ingests.
 */
async function subscriptionFollowers(runtime: Runtime): Promise<() => number> {
  const followers = () => runtime.changes.followers(ChangeStreamName.Shipments);
  await until(() => followers() > 0, 'the webhook enqueuer to follow the change stream');
  const base = followers();
  return () => followers() - base;
}

describe('subscription fan-out', () => {
  let t: TestStack;
  let following: () => number;

  beforeAll(async () => {
    // One principal starts 1,000 subscriptions at once; starting one is charged to its budget like any operation.
    const runtime = createMemoryRuntime(silentLogger);
    t = await startTestStack(runtime, { rate: { ratePerSecond: 100_000, burst: 100_000 } });
    following = await subscriptionFollowers(runtime);
    await t.ingest(orderWithShipments('ORD-F', 'CUST-F', ['SHP-F']));
  });

  afterAll(() => t.dispose());

  it('delivers one update to 1,000 subscribers with one entity resolution', async () => {
    const token = await t.token(Role.Customer, 'CUST-F');
    const subscribers: Subscriber[] = [];
    const clients = Array.from({ length: 20 }, () =>
      createClient({
        url: t.gatewayUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
      }),
    );
    for (let i = 0; i < 1000; i++) subscribers.push(subscribe(t.gatewayUrl, {}, QUERY, { id: 'SHP-F' }, clients[i % clients.length]));
    // All 1,000 counted by the gateway, and their shared upstream listening in the transport subgraph.
    await until(async () => following() > 0 && (await activeSubscriptions(t)) === 1000, 'every subscriber to be attached');
    const before = await subgraphRequestCounts(t);
    await t.ingest([event(EventType.PickConfirmed, 'SHP-F', { warehouseId: 'W' }, '2026-11-01T09:00:00Z')]);
    await Promise.all(subscribers.map((s) => s.waitFor(1, 10_000)));
    const after = await subgraphRequestCounts(t);
    expect(subscribers.every((s) => s.results[0].data.shipmentUpdated.shipment.order.number === 'SO-ORD-F')).toBe(true);
    expect((after.orders ?? 0) - (before.orders ?? 0)).toBe(1);
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
  }, 30_000);

  it('serializes an update once and writes the same payload bytes to every socket, each message framed with its own id', async () => {
    // The previous test's subscribers are gone once their shared upstream is, so what follows counts only these.
    await until(async () => following() === 0 && (await activeSubscriptions(t)) === 0, 'the previous fan-out to close');
    const token = await t.token(Role.Customer, 'CUST-F');
    const sockets = await Promise.all([0, 1, 2].map(() => rawConnection(t.gatewayUrl, token)));
    const ids = ['a', 'b', 'op-3', 'x"y'];
    // Two operations on the first socket, one on each of the others.
    const owners = [sockets[0], sockets[0], sockets[1], sockets[2]];
    owners.forEach((socket, i) =>
      socket.ws.send(JSON.stringify({ id: ids[i], type: 'subscribe', payload: { query: WITH_MILESTONE, variables: { id: 'SHP-F' } } })),
    );
    // Attached: the gateway counts every operation and their one upstream listens in the transport subgraph.
    await until(async () => following() === 1 && (await activeSubscriptions(t)) === ids.length, 'every operation to be attached');
    await t.ingest([event(EventType.InTransit, 'SHP-F', { location: 'Hub' }, '2026-11-01T10:00:00Z', 'bytes-warm')]);
    await Promise.all(ids.map((id, i) => eventually(() => owners[i].nextFor(id).length > 0, 10_000)));
    const counts = ids.map((id, i) => owners[i].nextFor(id).length);
    const before = serializationCount();
    await t.ingest([event(EventType.Delivered, 'SHP-F', {}, '2026-11-01T18:00:00Z', 'bytes-delivered')]);
    const isDelivered = (raw: string) => JSON.parse(raw).payload.data.shipmentUpdated.milestone?.eventId === 'bytes-delivered';
    await Promise.all(ids.map((id, i) => eventually(() => owners[i].nextFor(id).some(isDelivered), 10_000)));
    // One serialization per update, however many subscribers (a late warm-up update counts once too).
    expect(serializationCount() - before).toBe(owners[0].nextFor(ids[0]).length - counts[0]);
    const messages = ids.map((id, i) => owners[i].nextFor(id).find(isDelivered)!);
    const payloads = messages.map((raw, i) => {
      const head = `{"id":${JSON.stringify(ids[i])},"type":"next","payload":`;
      expect(raw.startsWith(head) && raw.endsWith('}')).toBe(true);
      return raw.slice(head.length, -1);
    });
    expect(new Set(payloads).size).toBe(1);
    expect(JSON.parse(payloads[0]).data.shipmentUpdated.shipment.order.number).toBe('SO-ORD-F');
    sockets.forEach((s) => s.ws.close());
  }, 30_000);
});

describe('distinct subscriptions of one customer', () => {
  let t: TestStack;
  let following: () => number;
  const shipments = Array.from({ length: 20 }, (_, i) => `SHP-N${i}`);

  beforeAll(async () => {
    const runtime = createMemoryRuntime(silentLogger);
    t = await startTestStack(runtime);
    following = await subscriptionFollowers(runtime);
    await t.ingest(orderWithShipments('ORD-N', 'CUST-N', shipments));
  });

  afterAll(() => t.dispose());

  it('share one upstream subscription that the gateway filters by shipment', async () => {
    const token = await t.token(Role.Customer, 'CUST-N');
    const client = createClient({
      url: t.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const subscribers = shipments.map((id) => subscribe(t.gatewayUrl, {}, QUERY, { id }, client));
    // The same operation without a shipment: every update of the customer, from the same upstream.
    const everything = subscribe(t.gatewayUrl, {}, QUERY, {}, client);
    const milestoneOf = (r: any) => r.data.shipmentUpdated.milestone.eventId as string;
    // Attached: the gateway counts every subscriber and their one upstream listens in the transport subgraph.
    await until(
      async () => following() === 1 && (await activeSubscriptions(t)) === shipments.length + 1,
      'every subscriber to be attached',
    );
    await t.ingest(shipments.map((id) => event(EventType.InTransit, id, { location: 'Hub' }, '2026-11-01T10:00:00Z', `narrow-${id}`)));
    await eventually(() => [...subscribers, everything].every((s) => s.results.length > 0), 10_000);
    await t.ingest(shipments.map((id) => event(EventType.Delivered, id, {}, '2026-11-01T18:00:00Z', `final-${id}`)));
    await eventually(() => shipments.every((id, i) => subscribers[i].results.some((r) => milestoneOf(r) === `final-${id}`)), 10_000);
    await eventually(() => shipments.every((id) => everything.results.some((r) => milestoneOf(r) === `final-${id}`)), 10_000);
    subscribers.forEach((s, i) => expect(s.results.every((r) => r.data.shipmentUpdated.shipment.id === shipments[i])).toBe(true));
    // One subscription to the transport subgraph (the customer's), however many shipments are watched.
    const metrics = await (await fetch(t.gatewayUrl.replace('/graphql', '/metrics'))).text();
    expect(Number(/^lading_subscription_upstreams(?:\{[^}]*\})? (\d+)/m.exec(metrics)?.[1])).toBe(1);
    expect(Number(/^lading_active_subscriptions(?:\{[^}]*\})? (\d+)/m.exec(metrics)?.[1])).toBe(shipments.length + 1);

    // Resuming one shipment replays through the customer's whole stream, and takes only its own updates.
    const own = subscribers[0].results.map((r) => r.data.shipmentUpdated);
    const resumed = subscribe(
      t.gatewayUrl,
      {},
      QUERY.replace('($id: ID)', '($id: ID, $after: String)').replace('shipmentId: $id', 'shipmentId: $id, after: $after'),
      { id: shipments[0], after: own[0].cursor },
      client,
    );
    // Up to the last update the live subscriber had (the delivery may be followed by a derived accrual's update).
    const last = own[own.length - 1].cursor;
    await eventually(() => resumed.results.some((r) => r.data.shipmentUpdated.cursor === last), 10_000);
    expect(resumed.results.map((r) => r.data.shipmentUpdated.cursor)).toEqual(own.slice(1).map((u) => u.cursor));
    await client.dispose();
  }, 30_000);
});

/** A graphql-ws connection read as raw text messages, to see the bytes the gateway writes. */
async function rawConnection(gatewayUrl: string, token: string) {
  const ws = new WebSocket(gatewayUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: string[] = [];
  ws.on('message', (data, isBinary) => {
    // Text frames arrive as one Buffer (ws's default binaryType).
    if (!isBinary && Buffer.isBuffer(data)) messages.push(data.toString('utf8'));
  });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await eventually(() => messages.some((m) => JSON.parse(m).type === 'connection_ack'));
  const nextFor = (id: string) =>
    messages.filter((m) => {
      const parsed = JSON.parse(m);
      return parsed.type === 'next' && parsed.id === id;
    });
  return { ws, nextFor, waitForNext: (id: string, count: number) => eventually(() => nextFor(id).length >= count, 10_000) };
}

describe('subgraph subscriptions served directly over graphql-ws', () => {
  let t: TestStack;
  let following: () => number;

  beforeAll(async () => {
    const runtime = createMemoryRuntime(silentLogger);
    t = await startTestStack(runtime);
    following = await subscriptionFollowers(runtime);
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
    await until(() => following() > 0, 'the subgraph to listen for the subscription');
    await t.ingest([event(EventType.PickedUp, 'SHP-D', {}, '2026-11-01T12:00:00Z')]);
    const [result] = await sub.waitFor(1);
    expect(result.data.shipmentUpdated).toMatchObject({
      milestone: { type: 'tms.shipment.picked_up' },
      shipment: { __typename: 'Shipment', id: 'SHP-D', status: 'IN_TRANSIT' },
    });
    await sub.close();
  });
});
