import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { start as startOrders } from '../subgraphs/orders/server';
import { silentLogger } from '../lib/logger';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { TEST_SUBGRAPH_SECRET, startTestStack } from './support/test-stack';
import { untilValue } from './support/until';

const TIMEOUT_MS = 1000;
const PORTAL_PAGE = `{ shipments(first: 20) { edges { node {
  id number status statusUpdatedAt eta timeline { type source occurredAt }
  order { number customer { id } requestedDeliveryDate }
  fulfillment { state } transport { carrier { scac } } billing { status }
} } } }`;

async function metric(t: TestStack, pattern: RegExp): Promise<number> {
  const text = await (await fetch(t.gatewayUrl.replace('/graphql', '/metrics'))).text();
  const match = pattern.exec(text);
  const value = match?.slice(1).find((g) => g !== undefined);
  return value === undefined ? 0 : Number(value);
}
const timeouts = (t: TestStack) => metric(t, /lading_subgraph_timeouts_total\{[^}]*subgraph="orders"[^}]*\} (\d+)/);
const breakerState = (t: TestStack) => metric(t, /lading_subgraph_breaker_state\{[^}]*subgraph="orders"[^}]*\} (\d+)/);
const failedFast = (t: TestStack) =>
  metric(
    t,
    /lading_subgraph_failures_total\{[^}]*reason="breaker_open"[^}]*subgraph="orders"[^}]*\} (\d+)|lading_subgraph_failures_total\{[^}]*subgraph="orders"[^}]*reason="breaker_open"[^}]*\} (\d+)/,
  );

/** Accepts connections and reads requests, but never answers: a hung system of record. */
function hungServer(port: number): Promise<Server> {
  const server = createServer((socket) => socket.on('data', () => undefined));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe('a subgraph that accepts connections and never answers', () => {
  let t: TestStack;
  let hung: Server | undefined;
  let ordersPort: number;
  let token: string;

  beforeAll(async () => {
    t = await startTestStack(undefined, undefined, undefined, { defaultTimeoutMs: TIMEOUT_MS, breakerFailures: 3, breakerCooldownMs: 500 });
    await t.ingest([
      ...orderWithShipments('ORD-H1', 'CUST-H', ['SHP-H1', 'SHP-H2']),
      event(EventType.PickedUp, 'SHP-H1', { location: 'Ghent' }, '2026-11-01T12:00:00Z'),
    ]);
    token = await t.token(Role.Customer, 'CUST-H');
    ordersPort = t.stack.subgraphs.orders.port;
    await t.stack.subgraphs.orders.dispose();
    hung = await hungServer(ordersPort);
  });

  afterAll(async () => {
    hung?.close();
    await t.dispose();
  });

  it('the portal page answers after the timeout with every shipment and SUBGRAPH_TIMEOUT naming orders', async () => {
    // The hung subgraph never answers: an answer at all shows the gateway stopped waiting for it.
    const res = await t.graphql(PORTAL_PAGE, {}, token);
    expect(res.status).toBe(200);
    const nodes = res.body.data.shipments.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.number).sort()).toEqual(['SH-SHP-H1', 'SH-SHP-H2']);
    const h1 = nodes.find((n: any) => n.id === 'SHP-H1');
    expect(h1).toMatchObject({
      status: 'IN_TRANSIT',
      order: { number: 'SO-ORD-H1', customer: { id: 'CUST-H' }, requestedDeliveryDate: null },
    });
    expect(h1.timeline.length).toBeGreaterThan(1);
    const error = res.body.errors.find((e: any) => e.extensions.code === 'SUBGRAPH_TIMEOUT');
    expect(error).toMatchObject({ extensions: { code: 'SUBGRAPH_TIMEOUT', subgraph: 'orders' } });
    expect(error.message).toContain('orders');
    expect(await timeouts(t)).toBeGreaterThanOrEqual(1);
  });

  it('after repeated timeouts the breaker opens and answers without waiting for the subgraph', async () => {
    while ((await breakerState(t)) !== 2) await t.graphql(PORTAL_PAGE, {}, token);
    const timeoutsBefore = await timeouts(t);
    const fastBefore = await failedFast(t);
    const res = await t.graphql(PORTAL_PAGE, {}, token);
    expect(res.body.data.shipments.edges).toHaveLength(2);
    expect(res.body.errors[0]).toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'orders' } });
    // Failed fast: no new timeout was waited for, the breaker refused the call.
    expect(await timeouts(t)).toBe(timeoutsBefore);
    expect(await failedFast(t)).toBe(fastBefore + 1);
  });

  it('once the subgraph answers again, whole answers return', async () => {
    await new Promise<void>((resolve) => hung!.close(() => resolve()));
    hung = undefined;
    const orders = await startOrders({
      runtime: t.runtime,
      logger: silentLogger,
      host: '127.0.0.1',
      port: ordersPort,
      subgraphSecret: TEST_SUBGRAPH_SECRET,
    });
    try {
      const res = await untilValue(
        () => t.graphql(PORTAL_PAGE, {}, token),
        (r) => !r.body.errors,
        'whole answers again',
      ).catch(() => t.graphql(PORTAL_PAGE, {}, token));
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.shipments.edges).toHaveLength(2);
      expect(await breakerState(t)).toBe(0);
    } finally {
      await orders.dispose();
    }
  });
});
