import { parse } from 'graphql';
import { createDataSources } from '../gateway/federation/create-gateway';
import { FederatedPlanner } from '../gateway/subscriptions/federated-planner';
import { SubscriptionHub } from '../gateway/subscriptions/subscription-hub';
import { UpstreamSubscriptions } from '../gateway/subscriptions/upstream-subscriptions';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { Metrics } from '../lib/server/metrics';
import type { SubgraphName } from '../lib/subgraph-names';
import { SUBGRAPH_NAMES } from '../lib/subgraph-names';
import { loadSupergraphSdl } from '../lib/supergraph/load';
import { SUPERGRAPH_SDL_PATH } from '../lib/supergraph/paths';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { TEST_SUBGRAPH_SECRET, startTestStack } from './support/test-stack';
import { eventually, subscribe } from './support/ws-subscriber';
import { until } from './support/until';

const QUERY =
  'subscription($id: ID, $after: String) { shipmentUpdated(shipmentId: $id, after: $after) { cursor milestone { eventId } shipment { id order { number } } } }';
const milestone = (n: number) =>
  event(EventType.InTransit, 'SHP-SLOW', { location: `Hub ${n}` }, new Date(Date.UTC(2026, 10, 3, 8, n)).toISOString(), `slow-${n}`);

/**
 * A subscriber that stops taking updates: the gateway's hub, with the real planner, data sources
 * and upstream to the real transport subgraph, and a consumer that does not pull for a while.
 */
describe('a slow subscriber', () => {
  const LIMIT = 5;
  let t: TestStack;
  let hub: SubscriptionHub;
  let upstream: UpstreamSubscriptions;

  beforeAll(async () => {
    t = await startTestStack();
    await t.ingest(orderWithShipments('ORD-SLOW', 'CUST-SLOW', ['SHP-SLOW']));
    const urls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, t.stack.subgraphs[n].url])) as Record<SubgraphName, string>;
    const planner = new FederatedPlanner(loadSupergraphSdl(SUPERGRAPH_SDL_PATH));
    upstream = new UpstreamSubscriptions(urls, TEST_SUBGRAPH_SECRET);
    hub = new SubscriptionHub(planner, createDataSources(urls, new Metrics('slow-test'), TEST_SUBGRAPH_SECRET), upstream, silentLogger, {
      maxBufferedUpdates: LIMIT,
    });
  });

  afterAll(async () => {
    await hub.dispose();
    await upstream.dispose();
    await t.dispose();
  });

  it('is told UPDATES_MISSED with its last cursor, resumes from it and ends with every update; others are not held up', async () => {
    const identity = { sub: 'slow-user', role: Role.Customer, customerId: 'CUST-SLOW' };
    const request = { document: parse(QUERY), variables: { id: 'SHP-SLOW' }, identity };
    const slow = hub.subscribe(request);
    const fast = hub.subscribe({ ...request, identity: { ...identity, sub: 'fast-user' } });
    const fastIds: string[] = [];
    const draining = (async () => {
      for await (const result of fast) fastIds.push((result.data as any).shipmentUpdated.milestone.eventId);
    })();
    // Attached once the fast one receives an update; the slow one has not taken anything yet.
    let n = 0;
    await until(async () => {
      if (fastIds.length > 0) return true;
      await t.ingest([milestone(++n)]);
      return false;
    }, 'the fast subscriber to attach');
    const total = n + 2 * LIMIT;
    for (let i = n + 1; i <= total; i++) await t.ingest([milestone(i)]);
    await eventually(() => slow.closed, 10_000).catch((e) => {
      throw new Error(`${e.message}: slow buffered ${slow.buffered}, fast ${fastIds.length}, n ${n}`);
    });
    await eventually(() => fastIds.includes(`slow-${total}`), 10_000);

    const got: any[] = [];
    let missed: any;
    try {
      for await (const result of slow) got.push(result);
    } catch (error) {
      missed = error;
    }
    expect(got.length).toBeLessThanOrEqual(LIMIT);
    expect(missed.extensions.code).toBe('UPDATES_MISSED');
    const lastCursor = missed.extensions.lastCursor as string;
    expect(lastCursor).toBe(got[got.length - 1].data.shipmentUpdated.cursor);

    // Resume over graphql-ws from the cursor it was given.
    const token = await t.token(Role.Customer, 'CUST-SLOW');
    const resumed = subscribe(t.gatewayUrl, { authorization: `Bearer ${token}` }, QUERY, { id: 'SHP-SLOW', after: lastCursor });
    await eventually(() => resumed.results.some((r) => r.data.shipmentUpdated.milestone.eventId === `slow-${total}`), 10_000);
    const ids = [...got, ...resumed.results].map((r) => r.data.shipmentUpdated.milestone.eventId);
    const firstSeen = Number(ids[0].split('-')[1]);
    expect(ids).toEqual(Array.from({ length: total - firstSeen + 1 }, (_, i) => `slow-${firstSeen + i}`));
    expect(fastIds[fastIds.length - 1]).toBe(`slow-${total}`);
    await resumed.close();
    await fast.return();
    await draining;
  }, 30_000);
});
