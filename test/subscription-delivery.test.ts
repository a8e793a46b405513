import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createClient } from 'graphql-ws';
import http from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import { hs256Authenticator } from '../gateway/auth/hs256-authenticator';
import { start as startGateway } from '../gateway/server';
import { UpstreamSubscriptions } from '../gateway/subscriptions/upstream-subscriptions';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { silentLogger } from '../lib/logger';
import type { RunningService } from '../lib/server/subgraph-server';
import type { SubgraphName } from '../lib/subgraph-names';
import { SUBGRAPH_NAMES } from '../lib/subgraph-names';
import { loadSupergraphSdl } from '../lib/supergraph/load';
import { SUPERGRAPH_SDL_PATH } from '../lib/supergraph/paths';
import { cursorOf } from './support/cursors';
import { event, orderWithShipments } from './support/events';
import type { TcpProxy } from './support/tcp-proxy';
import { startTcpProxy } from './support/tcp-proxy';
import type { TestStack } from './support/test-stack';
import { TEST_SUBGRAPH_SECRET, startTestStack } from './support/test-stack';
import type { Subscriber } from './support/ws-subscriber';
import { eventually, subscribe } from './support/ws-subscriber';
import { until } from './support/until';

const ONE =
  'subscription($id: ID, $after: String) { shipmentUpdated(shipmentId: $id, after: $after) { cursor milestone { eventId } shipment { id order { number } } } }';
const eventIds = (s: Subscriber) => s.results.map((r) => r.data.shipmentUpdated.milestone.eventId);
const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 8, minute)).toISOString();
const milestone = (n: number, shipment = 'SHP-R') =>
  event(EventType.InTransit, shipment, { location: `Hub ${n}` }, at(n), `evt-${shipment}-${n}`);

describe('upstream completion', () => {
  it('delivers every update received before the subgraph completes the subscription', async () => {
    // A subgraph that sends three updates back to back, then completes.
    const Update = new GraphQLObjectType({ name: 'Update', fields: { cursor: { type: GraphQLString } } });
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: {
          updates: {
            type: Update,
            async *subscribe() {
              yield { updates: { cursor: 'a' } };
              yield { updates: { cursor: 'b' } };
              yield { updates: { cursor: 'c' } };
            },
          },
        },
      }),
    });
    const server = http.createServer();
    const wss = new WebSocketServer({ server, path: '/graphql' });
    const cleanup = useServer({ schema }, wss);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
    const upstream = new UpstreamSubscriptions({ transport: url }, 'secret');
    try {
      const queue = upstream.subscribe(
        'transport',
        { sub: 's', role: Role.ServiceRep, customerId: null },
        'subscription { updates { cursor } }',
        {},
      );
      await queue.closedPromise; // completed upstream while nothing was consumed yet
      const received: unknown[] = [];
      for await (const result of queue) received.push(result.data);
      expect(received).toEqual([{ updates: { cursor: 'a' } }, { updates: { cursor: 'b' } }, { updates: { cursor: 'c' } }]);
    } finally {
      await upstream.dispose();
      await cleanup.dispose();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('a cut between the gateway and the transport subgraph', () => {
  const SECRET = 'delivery-test-secret';
  let t: TestStack;
  let proxy: TcpProxy;
  let gateway: RunningService;

  beforeAll(async () => {
    t = await startTestStack();
    await t.ingest([...orderWithShipments('ORD-R', 'CUST-R', ['SHP-R']), milestone(0)]);
    proxy = await startTcpProxy(t.stack.subgraphs.transport.url);
    const urls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, t.stack.subgraphs[n].url])) as Record<SubgraphName, string>;
    gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      supergraphSdl: loadSupergraphSdl(SUPERGRAPH_SDL_PATH),
      subgraphUrls: { ...urls, transport: proxy.url },
      authenticate: hs256Authenticator(SECRET),
      runtime: t.runtime,
      eventsMaxBytes: 1024 * 1024,
      subgraphSecret: TEST_SUBGRAPH_SECRET,
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    await gateway.dispose();
    await proxy.close();
    await t.dispose();
  });

  it('resumes from the last delivered cursor: every subscriber gets every update once, in order', async () => {
    const token = await mintToken({ sub: 'portal-user', role: Role.Customer, customerId: 'CUST-R' }, { secret: SECRET });
    const auth = { authorization: `Bearer ${token}` };
    const c0 = await cursorOf(t, 'evt-SHP-R-0', 'SHP-R');
    const live = [subscribe(gateway.url, auth, ONE, { id: 'SHP-R' }), subscribe(gateway.url, auth, ONE, { id: 'SHP-R' })];
    const resuming = [
      subscribe(gateway.url, auth, ONE, { id: 'SHP-R', after: c0 }),
      subscribe(gateway.url, auth, ONE, { id: 'SHP-R', after: c0 }),
    ];
    const all = [...live, ...resuming];
    // Updates until every live subscriber is attached (it has received one).
    let n = 0;
    await until(async () => {
      if (live.every((s) => s.results.length > 0)) return true;
      await t.ingest([milestone(++n)]);
      return false;
    }, 'the live subscribers to attach');
    const before = proxy.accepted;
    proxy.cut();
    await t.ingest([milestone(n + 1), milestone(n + 2)]); // applied and published while the gateway is cut off
    proxy.restore();
    await eventually(() => proxy.accepted > before, 15_000);
    await t.ingest([milestone(n + 3)]);
    const last = `evt-SHP-R-${n + 3}`;
    await Promise.all(all.map((s) => eventually(() => eventIds(s).includes(last), 20_000)));
    await t.ingest([milestone(n + 4)]);
    await Promise.all(all.map((s) => eventually(() => eventIds(s).includes(`evt-SHP-R-${n + 4}`), 10_000)));

    const upTo = (from: number) => Array.from({ length: n + 5 - from }, (_, i) => `evt-SHP-R-${from + i}`);
    for (const s of resuming) expect(eventIds(s)).toEqual(upTo(1));
    for (const s of live) {
      const first = Number(eventIds(s)[0].split('-').pop());
      expect(eventIds(s)).toEqual(upTo(first));
    }
    for (const s of all) expect(s.errors).toEqual([]);
    await Promise.all(all.map((s) => s.close()));
  }, 60_000);
});

describe('resume, per-operation errors and the connection cap', () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await startTestStack(undefined, { maxConnectionsPerPrincipal: 3, maxBufferedUpdates: 1000 });
    await t.ingest([...orderWithShipments('ORD-Q', 'CUST-Q', ['SHP-Q']), milestone(0, 'SHP-Q')]);
  });

  afterAll(() => t.dispose());

  it('gives two subscribers of one customer resuming from one cursor every missed update', async () => {
    const token = await t.token(Role.Customer, 'CUST-Q');
    const c0 = await cursorOf(t, 'evt-SHP-Q-0', 'SHP-Q');
    await t.ingest([1, 2, 3].map((n) => milestone(n, 'SHP-Q')));
    const tabs = [0, 1].map(() => subscribe(t.gatewayUrl, { authorization: `Bearer ${token}` }, ONE, { id: 'SHP-Q', after: c0 }));
    await Promise.all(tabs.map((s) => s.waitFor(3, 10_000)));
    await t.ingest([milestone(4, 'SHP-Q')]);
    await Promise.all(tabs.map((s) => s.waitFor(4, 10_000)));
    for (const s of tabs) expect(eventIds(s)).toEqual([1, 2, 3, 4].map((n) => `evt-SHP-Q-${n}`));
    await Promise.all(tabs.map((s) => s.close()));
  });

  it('fails an operation that cannot be planned alone; the connection and its other operations go on', async () => {
    const token = await t.token(Role.Customer, 'CUST-Q');
    const client = createClient({
      url: t.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const closed: number[] = [];
    client.on('closed', (e) => closed.push((e as { code: number }).code));
    try {
      const good = subscribe(t.gatewayUrl, {}, ONE, { id: 'SHP-Q' }, client);
      const bad = subscribe(t.gatewayUrl, {}, 'subscription { shipmentUpdated @include(if: false) { cursor } }', {}, client);
      await eventually(() => bad.errors.length > 0, 10_000);
      expect(JSON.stringify(bad.errors)).toContain('BAD_USER_INPUT');
      let n = 10;
      // Attached once an update arrives: post another until one does.
      await until(async () => {
        if (good.results.length > 0) return true;
        await t.ingest([milestone(++n, 'SHP-Q')]);
        return false;
      }, 'the good operation to attach');
      expect(good.errors).toEqual([]);
      expect(closed).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it('closes a connection over the per-principal cap with 4429', async () => {
    const token = await t.token(Role.Customer, 'CUST-Q');
    const subs = [0, 1, 2].map(() => subscribe(t.gatewayUrl, { authorization: `Bearer ${token}` }, ONE, { id: 'SHP-Q' }));
    let n = 100;
    // Attached once an update arrives: post another until one does.
    await until(async () => {
      if (subs.every((s) => s.results.length > 0)) return true;
      await t.ingest([milestone(++n, 'SHP-Q')]);
      return false;
    }, 'the three subscriptions to attach');
    const over = subscribe(t.gatewayUrl, { authorization: `Bearer ${token}` }, ONE, { id: 'SHP-Q' });
    await eventually(() => over.errors.length > 0, 10_000);
    expect((over.errors[0] as { code: number }).code).toBe(4429);
    await Promise.all([...subs, over].map((s) => s.close()));
  });
});
