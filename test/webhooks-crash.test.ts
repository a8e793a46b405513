import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import type { LadingProcess } from '../stack/lading-process';
import { startLadingProcess } from '../stack/lading-process';
import { verify } from '../subgraphs/governance/webhooks/signature';
import { event, orderWithShipments } from './support/events';
import type { TestRedis } from './support/redis-server';
import { redisAvailable, startRedis, uniquePrefix } from './support/redis-server';
import { WebhookReceiver, eventually } from './support/webhook-receiver';

const SECRET = 'webhook-crash-secret';
const describeRedis = redisAvailable ? describe : describe.skip;
const SHIPMENTS = 8;
const PER_SHIPMENT = 5;

/** kill -9 while deliveries are in flight: after a restart every update still arrives, signed, by its stable webhook-id. */
describeRedis('webhooks survive kill -9 (Redis mode)', () => {
  let redis: TestRedis;
  let lading: LadingProcess;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    redis = (await startRedis())!;
    receiver = await new WebhookReceiver().start();
  });

  afterAll(async () => {
    await lading?.stop();
    await receiver?.stop();
    await redis?.stop();
  });

  it('loses no delivery', async () => {
    const env = {
      REDIS_URL: redis.url,
      LADING_REDIS_PREFIX: uniquePrefix(),
      LADING_JWT_SECRET: SECRET,
      LADING_CLAIM_IDLE: '1s',
      LADING_RATE_LIMIT_RPS: '100000',
      LADING_WEBHOOK_ALLOW_PRIVATE: 'true',
      LADING_WEBHOOK_POLL: '100ms',
      LADING_WEBHOOK_LEASE: '2s',
      LADING_WEBHOOK_RETRY_BASE: '100ms',
    };
    lading = await startLadingProcess(env);
    const base = lading.gatewayUrl.replace('/graphql', '');
    const integration = await mintToken({ sub: 'crash', role: Role.Integration }, { secret: SECRET });
    const customer = await mintToken({ sub: 'crash-customer', role: Role.Customer, customerId: 'CUST-K' }, { secret: SECRET });
    const post = async (events: unknown[]) => {
      const res = await fetch(`${base}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${integration}` },
        body: JSON.stringify(events),
      });
      expect(res.status).toBe(202);
    };
    const ids = Array.from({ length: SHIPMENTS }, (_, i) => `SHP-K${i}`);
    await post(ids.flatMap((id, i) => orderWithShipments(`ORD-K${i}`, 'CUST-K', [id])));
    const created = await fetch(lading.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customer}` },
      body: JSON.stringify({
        query: `mutation { createWebhookEndpoint(input: { url: "${receiver.url}", eventTypes: ["${EventType.InTransit}"] }) { secret } }`,
      }),
    });
    const secret = ((await created.json()) as any).data.createWebhookEndpoint.secret as string;
    receiver.delayMs = 40;
    const posted = ids.flatMap((id) =>
      Array.from({ length: PER_SHIPMENT }, (_, n) =>
        event(EventType.InTransit, id, { location: `hub-${n}` }, `2026-11-0${n + 1}T10:00:00Z`),
      ),
    );
    await post(posted);

    await eventually(
      () => receiver.received.length,
      (n) => n >= 5,
      30_000,
    );
    lading.child.kill('SIGKILL');
    await new Promise((resolve) => lading.child.once('exit', resolve));
    receiver.delayMs = 0;
    lading = await startLadingProcess(env, lading.ports);

    const expected = new Set(posted.map((e) => e.id));
    const got = await eventually(
      () => receiver.accepted,
      (accepted) => new Set(accepted.map((r) => JSON.parse(r.body).milestone.eventId)).size >= expected.size,
      40_000,
    );
    const eventIds = new Set(got.map((r) => JSON.parse(r.body).milestone.eventId as string));
    expect(eventIds).toEqual(expected);
    // At least once: a repeat carries the webhook-id of the first, so the receiver drops it.
    const byId = new Map<string, string>();
    for (const r of got) {
      expect(verify(secret, r, r.body)).toBe(true);
      const eventId = JSON.parse(r.body).milestone.eventId as string;
      expect(byId.get(r.id) ?? eventId).toBe(eventId);
      byId.set(r.id, eventId);
    }
    expect(byId.size).toBe(expected.size);
  }, 90_000);
});
