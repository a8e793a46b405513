import { BEFORE_FIRST_CHANGE } from '../lib/changes/change-ids';
import { EventType } from '../lib/events/types';
import { decodeUpdateCursor, encodeUpdateCursor } from '../lib/graphql/update-cursor';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import type { LadingServices } from '../stack/lading-services';
import { startLadingServices } from '../stack/lading-services';
import { event, orderWithShipments } from './support/events';
import type { TestRedis } from './support/redis-server';
import { redisAvailable, startRedis, uniquePrefix } from './support/redis-server';
import { until } from './support/until';
import { WebhookReceiver } from './support/webhook-receiver';
import type { Subscriber } from './support/ws-subscriber';
import { subscribe } from './support/ws-subscriber';

const SECRET = 'change-stream-restart-secret';
const describeRedis = redisAvailable ? describe : describe.skip;
const SHIPMENTS = ['SHP-Z0', 'SHP-Z1', 'SHP-Z2', 'SHP-Z3'];
const BEFORE = 10;
const AFTER = 5;
/** One change per release line and per shipment event. */
const CHANGES = SHIPMENTS.length * (1 + BEFORE + AFTER);
const QUERY = 'subscription($after: String) { shipmentUpdated(after: $after) { cursor milestone { eventId } shipment { id } } }';

const milestones = (from: number, count: number) =>
  SHIPMENTS.flatMap((id) =>
    Array.from({ length: count }, (_, i) =>
      event(EventType.InTransit, id, { location: `hub-${from + i}` }, new Date(Date.UTC(2026, 10, 2, 8, from + i)).toISOString()),
    ),
  );

/**
 * Acceptance: the gateway is killed while updates flow (one process per service, Redis); after
 * its restart a webhook endpoint and a subscription resumed with its last cursor have each
 * received every change exactly once, by change id.
 */
describeRedis('the change stream across a gateway restart (one process per service)', () => {
  let redis: TestRedis;
  let services: LadingServices;
  let receiver: WebhookReceiver;
  const subscribers: Subscriber[] = [];

  beforeAll(async () => {
    redis = (await startRedis())!;
    receiver = await new WebhookReceiver().start();
  });

  afterAll(async () => {
    for (const s of subscribers) await s.close().catch(() => undefined);
    await services?.stop();
    await receiver?.stop();
    await redis?.stop();
  });

  it('delivers every change once to a webhook endpoint and to a resumed subscription', async () => {
    services = await startLadingServices({
      REDIS_URL: redis.url,
      LADING_REDIS_PREFIX: uniquePrefix(),
      LADING_JWT_SECRET: SECRET,
      LADING_RATE_LIMIT_RPS: '100000',
      LADING_WEBHOOK_ALLOW_PRIVATE: 'true',
      LADING_WEBHOOK_POLL: '100ms',
      // The events are dated in the past: the scheduler would add a breach (a change) per shipment.
      LADING_SLA_INTERVAL: '0',
    });
    const base = services.gatewayUrl.replace('/graphql', '');
    const integration = await mintToken({ sub: 'restart', role: Role.Integration }, { secret: SECRET });
    const customer = await mintToken({ sub: 'restart-customer', role: Role.Customer, customerId: 'CUST-Z' }, { secret: SECRET });
    const post = async (events: unknown[]) => {
      const res = await fetch(`${base}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${integration}` },
        body: JSON.stringify(events),
      });
      expect(res.status).toBe(202);
    };
    const created = await fetch(services.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customer}` },
      body: JSON.stringify({ query: `mutation { createWebhookEndpoint(input: { url: "${receiver.url}" }) { endpoint { id } } }` }),
    });
    expect(((await created.json()) as { errors?: unknown }).errors).toBeUndefined();

    // From the start of the stream: whatever was committed before it attached is replayed.
    const cursors = (s: Subscriber) => s.results.map((r) => r.data.shipmentUpdated.cursor as string);
    const first = subscribe(services.gatewayUrl, { authorization: `Bearer ${customer}` }, QUERY, {
      after: encodeUpdateCursor(BEFORE_FIRST_CHANGE, '~'),
    });
    subscribers.push(first);
    await post([...orderWithShipments('ORD-Z', 'CUST-Z', SHIPMENTS), ...milestones(0, BEFORE)]);

    // Killed while updates flow: some arrived, not all.
    await first.waitFor(5, 60_000);
    services.child.kill('SIGKILL');
    await until(() => services.children[0].child.signalCode !== null, 'the gateway to die');
    const beforeKill = cursors(first);
    expect(beforeKill.length).toBeLessThan(CHANGES);
    await first.close().catch(() => undefined);

    await services.restart('gateway');
    const resumed = subscribe(services.gatewayUrl, { authorization: `Bearer ${customer}` }, QUERY, {
      after: beforeKill[beforeKill.length - 1],
    });
    subscribers.push(resumed);
    await post(milestones(BEFORE, AFTER));

    await resumed.waitFor(CHANGES - beforeKill.length, 60_000);
    // A cursor is where its reader stood; the update it is of (change and shipment) is its identity.
    const identity = (cursor: string) => decodeUpdateCursor(cursor).id;
    const seen = [...beforeKill, ...cursors(resumed)].map(identity);
    // Exactly once: as many updates as changes, no change twice.
    expect(seen).toHaveLength(CHANGES);
    expect(new Set(seen).size).toBe(CHANGES);

    // The webhook endpoint: one delivery id per change, each change's id once.
    const changeOf = (body: string) => identity((JSON.parse(body) as { cursor: string }).cursor);
    await until(() => new Set(receiver.accepted.map((r) => r.id)).size >= CHANGES, 'a delivery of every change', 60_000);
    const deliveries = new Map<string, string>();
    for (const r of receiver.accepted) {
      expect(deliveries.get(r.id) ?? changeOf(r.body)).toBe(changeOf(r.body));
      deliveries.set(r.id, changeOf(r.body));
    }
    expect(deliveries.size).toBe(CHANGES);
    expect(new Set(deliveries.values())).toEqual(new Set(seen));
  }, 240_000);
});
