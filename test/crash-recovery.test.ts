import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { LadingProcess, startLadingProcess } from '../stack/lading-process';
import { event } from './support/events';
import { TestRedis, redisAvailable, startRedis, uniquePrefix } from './support/redis-server';

const SECRET = 'crash-test-secret';
const describeRedis = redisAvailable ? describe : describe.skip;

/**
 * Inventory adjustments add up, so applying one twice or losing one shows in the total: after
 * kill -9 and a restart, the stock must equal the sum of exactly the deltas that were accepted.
 */
describeRedis('kill -9 while a client posts events (Redis mode)', () => {
  let redis: TestRedis;
  let lading: LadingProcess;

  beforeAll(async () => {
    redis = (await startRedis())!;
  });

  afterAll(async () => {
    await lading?.stop();
    await redis?.stop();
  });

  it('applies every accepted event exactly once after a restart', async () => {
    const env = { REDIS_URL: redis.url, LADING_REDIS_PREFIX: uniquePrefix(), LADING_JWT_SECRET: SECRET, LADING_CLAIM_IDLE: '1s' };
    lading = await startLadingProcess(env);
    const base = lading.gatewayUrl.replace('/graphql', '');
    const integration = await mintToken({ sub: 'crash', role: Role.Integration }, { secret: SECRET });
    const accepted = new Map<string, number>();
    let restarted = false;
    let acceptedAfterRestart = 0;
    let batch = 0;
    const post = async () => {
      const events = Array.from({ length: 20 }, (_, i) => {
        const delta = ((batch * 20 + i) % 7) + 1;
        return { ...event(EventType.InventoryAdjusted, 'DC-X/SKU-X', { warehouseId: 'DC-X', sku: 'SKU-X', quantityDelta: delta }, '2026-11-01T10:00:00Z', `adj-${batch}-${i}`), delta };
      });
      batch++;
      try {
        const res = await fetch(`${base}/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${integration}` },
          body: JSON.stringify(events.map(({ delta: _delta, ...e }) => e)),
          signal: AbortSignal.timeout(2000),
        });
        if (res.status !== 202) return;
        const { results } = (await res.json()) as { results: { id: string; status: string }[] };
        for (const [i, r] of results.entries()) {
          if (r.status !== 'accepted') continue;
          accepted.set(r.id, events[i].delta);
          if (restarted) acceptedAfterRestart++;
        }
      } catch {
        // The process is down: nothing was acknowledged, so nothing is owed.
      }
    };
    const posting = (async () => {
      const until = Date.now() + 6000;
      while (Date.now() < until) await post();
    })();
    await new Promise((r) => setTimeout(r, 1500));
    lading.child.kill('SIGKILL');
    await new Promise((r) => lading.child.once('exit', r));
    lading = await startLadingProcess(env, lading.ports);
    restarted = true;
    await posting;

    const rep = await mintToken({ sub: 'crash', role: Role.ServiceRep }, { secret: SECRET });
    const expected = [...accepted.values()].reduce((a, b) => a + b, 0);
    let onHand = NaN;
    for (let i = 0; i < 200 && onHand !== expected; i++) {
      const res = await fetch(lading.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${rep}` },
        body: JSON.stringify({ query: '{ inventoryPosition(warehouseId: "DC-X", sku: "SKU-X") { quantityOnHand } }' }),
      });
      onHand = ((await res.json()) as { data: { inventoryPosition: { quantityOnHand: number } | null } }).data.inventoryPosition?.quantityOnHand ?? 0;
      if (onHand !== expected) await new Promise((r) => setTimeout(r, 100));
    }
    expect(accepted.size).toBeGreaterThan(100);
    expect(acceptedAfterRestart).toBeGreaterThan(0);
    expect(onHand).toBe(expected);
  }, 60_000);
});
