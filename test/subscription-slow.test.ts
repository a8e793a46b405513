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
/** Shipments of the slow customer: a subscriber of all of them can have more shipments waiting than its bound. */
const SHIPMENTS = Array.from({ length: 20 }, (_, i) => `SHP-SLOW-${i}`);
/** The n-th milestone, to one shipment or round-robin over all of them. */
const milestone = (prefix: string, n: number, shipment = SHIPMENTS[n % SHIPMENTS.length]) =>
  event(EventType.InTransit, shipment, { location: `Hub ${n}` }, new Date(Date.UTC(2026, 10, 3, 8, n)).toISOString(), `${prefix}-${n}`);
const eventIdOf = (result: any) => result.data.shipmentUpdated.milestone.eventId as string;

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
    await t.ingest(orderWithShipments('ORD-SLOW', 'CUST-SLOW', SHIPMENTS));
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

  it('behind on one shipment, receives what it had room for and then its latest update, never UPDATES_MISSED', async () => {
    const identity = { sub: 'behind-user', role: Role.Customer, customerId: 'CUST-SLOW' };
    const request = { document: parse(QUERY), variables: { id: SHIPMENTS[0] }, identity };
    const slow = hub.subscribe(request);
    const fast = hub.subscribe({ ...request, identity: { ...identity, sub: 'keeping-up-user' } });
    const fastIds: string[] = [];
    const draining = (async () => {
      for await (const result of fast) fastIds.push(eventIdOf(result));
    })();
    let n = 0;
    await until(async () => {
      if (fastIds.length > 0) return true;
      await t.ingest([milestone('behind', ++n, SHIPMENTS[0])]);
      return false;
    }, 'the subscribers to attach');
    const total = n + 3 * LIMIT;
    for (let i = n + 1; i <= total; i++) await t.ingest([milestone('behind', i, SHIPMENTS[0])]);
    // The one keeping up got everything; the one behind holds at most its bound and the latest.
    await eventually(() => fastIds.includes(`behind-${total}`), 10_000);
    expect(fastIds.slice(-3 * LIMIT)).toEqual(Array.from({ length: 3 * LIMIT }, (_, i) => `behind-${n + 1 + i}`));
    expect(slow.buffered).toBeLessThanOrEqual(LIMIT);
    const got: string[] = [];
    for await (const result of slow) {
      got.push(eventIdOf(result));
      if (got[got.length - 1] === `behind-${total}`) break;
    }
    // In log order, none twice, ending with the latest; the ones in between were passed over.
    const numbers = got.map((id) => Number(id.split('-')[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(got.length).toBeLessThanOrEqual(LIMIT + 1);
    expect(got.length).toBeLessThan(fastIds.length);
    await fast.return();
    await draining;
  }, 30_000);

  it('with more shipments waiting than its bound, is told UPDATES_MISSED with its last cursor, resumes from it and ends with every update; others are not held up', async () => {
    const identity = { sub: 'slow-user', role: Role.Customer, customerId: 'CUST-SLOW' };
    // Every shipment of the customer: each update waiting behind is another shipment's.
    const request = { document: parse(QUERY), variables: {}, identity };
    const slow = hub.subscribe(request);
    const fast = hub.subscribe({ ...request, identity: { ...identity, sub: 'fast-user' } });
    const fastIds: string[] = [];
    const draining = (async () => {
      for await (const result of fast) fastIds.push(eventIdOf(result));
    })();
    // Attached once the fast one receives an update; the slow one has not taken anything yet.
    let n = 0;
    await until(async () => {
      if (fastIds.length > 0) return true;
      await t.ingest([milestone('slow', ++n)]);
      return false;
    }, 'the fast subscriber to attach');
    const total = n + 3 * LIMIT;
    for (let i = n + 1; i <= total; i++) await t.ingest([milestone('slow', i)]);
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
    const resumed = subscribe(t.gatewayUrl, { authorization: `Bearer ${token}` }, QUERY, { after: lastCursor });
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
