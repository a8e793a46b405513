import type { Redis } from 'ioredis';
import { EventType } from '../lib/events/types';
import { silentLogger } from '../lib/logger';
import { connectRedis } from '../lib/redis/connect';
import { redisKeys } from '../lib/redis/keys';
import { parseConsumers, parseGroups } from '../lib/redis/stream-reply';
import { ENTRY_FIELD, encodeEntryPayload } from '../lib/events/redis-log-entry';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import type { LadingProcess } from '../stack/lading-process';
import { startLadingProcess } from '../stack/lading-process';
import { event } from './support/events';
import type { TestRedis } from './support/redis-server';
import { redisAvailable, startRedis, uniquePrefix } from './support/redis-server';
import { until, untilValue } from './support/until';

const SECRET = 'crash-test-secret';
const describeRedis = redisAvailable ? describe : describe.skip;

/**
 * Inventory adjustments add up, so applying one twice or losing one shows in the total: after
 * kill -9 and a restart, the stock must equal the sum of exactly the deltas that were accepted.
 */
describeRedis('kill -9 while a client posts events (Redis mode)', () => {
  let redis: TestRedis;
  let lading: LadingProcess;

  let probe: Redis;

  beforeAll(async () => {
    redis = (await startRedis())!;
    probe = await connectRedis(redis.url, { name: 'crash-probe', logger: silentLogger });
  });

  afterAll(async () => {
    probe?.disconnect();
    await lading?.stop();
    await redis?.stop();
  });

  it('applies every accepted event exactly once after a restart', async () => {
    // The idle backstop is an hour: the dead instance's pending events can only be taken over
    // through its heartbeat running out (seconds), so finishing at all proves that path.
    const prefix = uniquePrefix();
    const env = {
      REDIS_URL: redis.url,
      LADING_REDIS_PREFIX: prefix,
      LADING_JWT_SECRET: SECRET,
      LADING_CLAIM_IDLE: '1h',
      LADING_RATE_LIMIT_RPS: '100000',
    };
    lading = await startLadingProcess(env);
    const base = lading.gatewayUrl.replace('/graphql', '');
    const integration = await mintToken({ sub: 'crash', role: Role.Integration }, { secret: SECRET });
    // Like a real integration, the client retries every batch until it gets a 202: a batch stored
    // just before the kill but never answered then comes back as duplicates, and counts as stored.
    const stored = new Map<string, number>();
    let restarted = false;
    let acceptedAfterRestart = 0;
    let next = 0;
    const unanswered: { id: string; delta: number; body: Record<string, unknown> }[][] = [];
    const makeBatch = () =>
      Array.from({ length: 20 }, () => {
        const n = next++;
        const delta = (n % 7) + 1;
        const id = `adj-${n}`;
        return {
          id,
          delta,
          body: event(
            EventType.InventoryAdjusted,
            'DC-X/SKU-X',
            { warehouseId: 'DC-X', sku: 'SKU-X', quantityDelta: delta },
            '2026-11-01T10:00:00Z',
            id,
          ) as unknown as Record<string, unknown>,
        };
      });
    const post = async (batch: { id: string; delta: number; body: Record<string, unknown> }[]): Promise<boolean> => {
      try {
        const res = await fetch(`${base}/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${integration}` },
          body: JSON.stringify(batch.map((e) => e.body)),
          signal: AbortSignal.timeout(2000),
        });
        if (res.status !== 202) return false;
        const { results } = (await res.json()) as { results: { status: string }[] };
        results.forEach((r, i) => {
          expect(['accepted', 'duplicate']).toContain(r.status);
          stored.set(batch[i].id, batch[i].delta);
          if (restarted && r.status === 'accepted') acceptedAfterRestart++;
        });
        return true;
      } catch {
        return false;
      }
    };
    // Posts that fail while the process is down wait for the restart rather than spin against a closed port.
    let running: Promise<unknown> = Promise.resolve();
    let back!: () => void;
    // The client posts until the restarted process has accepted some of its batches, then delivers what is unanswered.
    const posting = (async () => {
      while (!restarted || acceptedAfterRestart < 100) {
        const batch = unanswered.shift() ?? makeBatch();
        if (!(await post(batch))) {
          unanswered.push(batch);
          await running;
        }
      }
      for (const batch of unanswered.splice(0)) await until(() => post(batch), 'an unanswered batch to be stored');
    })();
    // Killed mid-stream: once a good number of events were stored, while the client keeps posting.
    await until(() => stored.size >= 200, 'the client to store events before the kill');
    running = new Promise<void>((resolve) => (back = resolve));
    lading.child.kill('SIGKILL');
    await new Promise((r) => lading.child.once('exit', r));
    const stream = redisKeys(prefix, 16).in(0).eventStream;
    const pendingAtKill = parseGroups(await probe.xinfo('GROUPS', stream)).reduce((n, g) => n + g.pending, 0);
    // Whether the kill caught entries between read and acknowledgement is luck; so that the
    // take-over is exercised every time, a consumer of the dead process also holds a few entries
    // it read and never acknowledged, its heartbeat running out like the others'.
    const keys = redisKeys(prefix);
    for (let i = 0; i < 5; i++) {
      const id = `ghost-${i}`;
      const body = event(
        EventType.InventoryAdjusted,
        'DC-X/SKU-X',
        { warehouseId: 'DC-X', sku: 'SKU-X', quantityDelta: 100 },
        '2026-11-01T10:00:00Z',
        id,
      );
      await probe.xadd(stream, '*', ENTRY_FIELD, encodeEntryPayload(body, new Date().toISOString()));
      stored.set(id, 100);
    }
    for (const group of parseGroups(await probe.xinfo('GROUPS', stream))) {
      await probe.set(keys.consumerHeartbeat(group.name, 'killed-peer'), '1', 'PX', 5_000);
      await probe.xreadgroup('GROUP', group.name, 'killed-peer', 'COUNT', 100, 'STREAMS', stream, '>');
    }
    lading = await startLadingProcess(env, lading.ports);
    const restartedAt = Date.now();
    restarted = true;
    back();
    await posting;

    const rep = await mintToken({ sub: 'crash', role: Role.ServiceRep }, { secret: SECRET });
    const expected = [...stored.values()].reduce((a, b) => a + b, 0);
    const onHandNow = async () => {
      const res = await fetch(lading.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${rep}` },
        body: JSON.stringify({ query: '{ inventoryPosition(warehouseId: "DC-X", sku: "SKU-X") { quantityOnHand } }' }),
      });
      return (
        ((await res.json()) as { data: { inventoryPosition: { quantityOnHand: number } | null } }).data.inventoryPosition?.quantityOnHand ??
        0
      );
    };
    // A heartbeat lives 5 s and the claim backstop is an hour: reaching the total at all proves the take-over.
    const onHand = await untilValue(onHandNow, (n) => n === expected, 'every stored event to be applied', 60_000);
    expect(stored.size).toBe(next + 5);
    expect(stored.size).toBeGreaterThan(100);
    expect(acceptedAfterRestart).toBeGreaterThan(0);
    expect(onHand).toBe(expected);
    const recoveredMs = Date.now() - restartedAt;
    // Every group, not only the warehouse's: the others finish their claimed entries a little later.
    const groups = await untilValue(
      async () => parseGroups(await probe.xinfo('GROUPS', stream)),
      (gs) => gs.every((g) => g.pending === 0),
      'every group to finish its claimed entries',
      60_000,
    );
    expect(groups.filter((g) => g.pending > 0)).toEqual([]);
    // Nothing is left with a consumer of the killed process: its pending events were claimed.
    for (const group of groups) {
      const consumers = parseConsumers(await probe.xinfo('CONSUMERS', stream, group.name));
      expect(consumers.filter((c) => c.pending > 0)).toEqual([]);
    }
    process.stdout.write(`crash recovery: ${pendingAtKill} events pending at the kill, all applied ${recoveredMs} ms after the restart\n`);
  }, 240_000);
});
