import type { Client } from 'graphql-ws';
import { createClient } from 'graphql-ws';
import type { Socket } from 'node:net';
import { createServer } from 'node:net';
import WebSocket from 'ws';
import { ChangeStreamName } from '../lib/changes/change-stream';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import type { RunningService } from '../lib/server/subgraph-server';
import { start as startFinance } from '../subgraphs/finance/server';
import { start as startWarehouse } from '../subgraphs/warehouse/server';
import { MAX_REPRESENTATIONS } from '../gateway/subscriptions/entity-batcher';
import { event, orderWithShipments } from './support/events';
import { subgraphRequestCounts } from './support/gateway-metrics';
import type { TcpProxy } from './support/tcp-proxy';
import { startTcpProxy } from './support/tcp-proxy';
import type { TestStack } from './support/test-stack';
import { TEST_SUBGRAPH_SECRET, startTestStack } from './support/test-stack';
import type { Subscriber } from './support/ws-subscriber';
import { eventually, subscribe } from './support/ws-subscriber';
import { until } from './support/until';

const SHIPMENTS = 2000;
const PER_CONNECTION = 50;
// status and timeline come with the update (transport); fulfillment from a slow warehouse, billing from a hung finance.
const QUERY = `subscription($id: ID) { shipmentUpdated(shipmentId: $id) {
  cursor milestone { eventId } shipment { id status timeline { type } fulfillment { state } billing { status } }
} }`;

async function metric(t: TestStack, name: string): Promise<number> {
  const text = await (await fetch(t.gatewayUrl.replace('/graphql', '/metrics'))).text();
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(text)?.[1] ?? 0);
}

/** Accepts connections and reads requests, but never answers. */
function hungServer(port: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket.on('data', () => undefined).on('close', () => sockets.delete(socket)));
  });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ close })));
}

describe('a burst of updates, one to each of 2,000 shipments with a subscriber each', () => {
  let t: TestStack;
  let slow: TcpProxy;
  let hung: { close(): Promise<void> };
  const restarted: RunningService[] = [];
  const shipments = Array.from({ length: SHIPMENTS }, (_, i) => `SHP-B${i}`);

  beforeAll(async () => {
    const runtime = createMemoryRuntime(silentLogger);
    t = await startTestStack(runtime, { rate: { ratePerSecond: 100_000, burst: 100_000 } }, undefined, {
      // Finance never answers: its calls give up after 1 s. Warehouse answers late, but well within its time.
      timeoutMs: { finance: 1000, warehouse: 60_000 },
    });
    for (let i = 0; i < SHIPMENTS; i += 50) await t.ingest(orderWithShipments(`ORD-B${i / 50}`, 'CUST-B', shipments.slice(i, i + 50)));
    // Warehouse answers slowly and finance not at all, each behind its own port; both keep applying events.
    const options = { runtime, logger: silentLogger, host: '127.0.0.1', port: 0, subgraphSecret: TEST_SUBGRAPH_SECRET };
    const { warehouse, finance } = t.stack.subgraphs;
    await warehouse.dispose();
    await finance.dispose();
    restarted.push(await startWarehouse(options), await startFinance(options));
    slow = await startTcpProxy(restarted[0].url, { port: warehouse.port, delayMs: 300 });
    hung = await hungServer(finance.port);
  }, 240_000);

  afterAll(async () => {
    await slow.close();
    await hung.close();
    await t.dispose();
    await Promise.all(restarted.map((service) => service.dispose()));
  });

  it('reaches every subscriber with status and timeline, with entity requests per tick rather than per update', async () => {
    const token = await t.token(Role.Customer, 'CUST-B');
    const clients: Client[] = Array.from({ length: SHIPMENTS / PER_CONNECTION }, () =>
      createClient({
        url: t.gatewayUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
      }),
    );
    // The webhook enqueuer follows the change stream too: count beyond it.
    const followers = () => t.runtime.changes.followers(ChangeStreamName.Shipments);
    await until(() => followers() > 0, 'the webhook enqueuer to follow the change stream');
    const base = followers();
    const subscribers: Subscriber[] = shipments.map((id, i) => subscribe(t.gatewayUrl, {}, QUERY, { id }, clients[i % clients.length]));
    // Attached: the gateway counts every subscriber, and their one shared upstream follows the change stream.
    await until(
      async () => followers() === base + 1 && (await metric(t, 'lading_active_subscriptions')) === SHIPMENTS,
      'every subscriber to be attached',
      60_000,
    );

    const before = { requests: await subgraphRequestCounts(t), ticks: await metric(t, 'lading_subscription_ticks_total') };
    const burst = shipments.map((id) => event(EventType.InTransit, id, { location: 'Hub' }, '2026-11-01T10:00:00Z', `burst-${id}`));
    await Promise.all([0, 500, 1000, 1500].map((from) => t.ingest(burst.slice(from, from + 500))));
    const updateOf = (s: Subscriber) => s.results.find((r) => r.data?.shipmentUpdated?.milestone.eventId.startsWith('burst-'));
    await eventually(() => subscribers.every((s) => updateOf(s) !== undefined || s.errors.length > 0), 120_000);

    subscribers.forEach((s, i) => {
      expect(s.errors).toEqual([]);
      const update = updateOf(s);
      expect(update.data.shipmentUpdated.shipment).toMatchObject({ id: shipments[i], status: 'IN_TRANSIT', billing: null });
      expect(update.data.shipmentUpdated.shipment.timeline.map((m: { type: string }) => m.type)).toContain(EventType.InTransit);
      // The slow subgraph answered, late: its fields are there. The hung one did not: its field is null and the error names it.
      expect(update.errors.map((e: { extensions: { subgraph?: string } }) => e.extensions.subgraph)).toEqual(['finance']);
      expect(update.errors[0].message).toContain('finance');
      expect(update.data.shipmentUpdated.shipment.fulfillment).toEqual({ state: 'AWAITING_PICK' });
    });

    const after = { requests: await subgraphRequestCounts(t), ticks: await metric(t, 'lading_subscription_ticks_total') };
    const ticks = after.ticks - before.ticks;
    const sent = (subgraph: string) => (after.requests[subgraph] ?? 0) - (before.requests[subgraph] ?? 0);
    // One request per subgraph per tick, plus one per further MAX_REPRESENTATIONS in a tick: far fewer than updates.
    const bound = ticks + Math.ceil(SHIPMENTS / MAX_REPRESENTATIONS);
    expect(sent('warehouse')).toBeGreaterThan(0);
    expect(sent('warehouse')).toBeLessThanOrEqual(bound);
    expect(sent('finance')).toBeLessThanOrEqual(bound);
    expect(ticks).toBeLessThan(SHIPMENTS);
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
  }, 300_000);
});
