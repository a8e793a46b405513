import { allLaneStreams } from '../lib/events/log-lanes';
import type { Redis } from 'ioredis';
import { EventApplier } from '../lib/events/applier';
import { contentHash } from '../lib/events/content-hash';
import { logTestEvent } from '../lib/events/event-log.contract';
import { MemoryEventLog } from '../lib/events/memory-event-log';
import { trimLog } from '../lib/events/redis-log-trimmer';
import type { CanonicalEvent } from '../lib/events/types';
import { EventType } from '../lib/events/types';
import { silentLogger } from '../lib/logger';
import { connectRedis } from '../lib/redis/connect';
import { redisKeys } from '../lib/redis/keys';
import { DEFAULTS } from '../lib/settings';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import type { Runtime } from '../lib/runtime/runtime';
import { MemoryDocumentStore } from '../lib/store/memory-document-store';
import { warehouseHandlers } from '../subgraphs/warehouse/events';
import { event } from './support/events';
import { describeWithRedis, redisAvailable, uniquePrefix } from './support/redis-server';
import { until } from './support/until';

const RETENTION_MS = 1_500;
const adjustments = (from: number, count: number): CanonicalEvent[] =>
  Array.from({ length: count }, (_, i) =>
    event(
      EventType.InventoryAdjusted,
      `DC-R/SKU-${(from + i) % 3}`,
      { warehouseId: 'DC-R', sku: `SKU-${(from + i) % 3}`, quantityDelta: 1 },
      '2026-11-01T10:00:00Z',
      `ret-${from + i}`,
    ),
  );

function consumeWarehouse(runtime: Runtime, retentionMs = RETENTION_MS) {
  return runtime.pipeline.consume(
    'warehouse',
    new EventApplier({
      consumer: 'warehouse',
      store: runtime.documents('warehouse'),
      handlers: warehouseHandlers,
      held: runtime.pipeline.held,
      emit: async () => undefined,
      logger: silentLogger,
      retentionMs,
    }),
  );
}

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  const clock = { at: start, now: () => clock.at };
  return clock;
}

describe('retention in memory mode', () => {
  it('drops handled entries after the window (not before every consumer handled them) and caps what it keeps', async () => {
    const log = new MemoryEventLog({ retentionMs: 60_000, maxRetained: 100 });
    for (let i = 0; i < 300; i++) await log.append(logTestEvent(`m-${i}`), 'h');
    log.trim();
    expect(log.size.entries).toBe(100); // no consumer: only the cap applies
    const handled: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const consumption = log.consume(
      'g',
      async (entry) => {
        await gate;
        handled.push(entry.event.id);
      },
      { maxAttempts: 1, onGiveUp: async () => undefined },
    );
    for (let i = 300; i < 500; i++) await log.append(logTestEvent(`m-${i}`), 'h');
    log.trim(Date.now() + 120_000);
    expect(log.size.entries).toBe(300); // nothing handled yet: nothing goes, whatever the window says
    release();
    await consumption.idle();
    log.trim(Date.now() + 120_000);
    expect(log.size.entries).toBe(0);
    expect(handled).toHaveLength(300);
    const resumed = await log.read('000000000450', 10);
    expect(resumed).toEqual([]);
    await consumption.dispose();
  });

  it('resumes after a position within the window, and forgets deduplication entries after it', async () => {
    const clock = manualClock();
    const start = clock.at;
    const log = new MemoryEventLog({ retentionMs: 300, clock });
    const first = logTestEvent('dup-1');
    const accepted = await log.append(first, contentHash(first));
    for (let i = 0; i < 5; i++) await log.append(logTestEvent(`w-${i}`), 'h');
    expect((await log.read(accepted.status === 'accepted' ? accepted.entry.position : undefined, 10)).map((e) => e.event.id)).toEqual([
      'w-0',
      'w-1',
      'w-2',
      'w-3',
      'w-4',
    ]);
    expect((await log.append(first, contentHash(first))).status).toBe('duplicate');
    // An entry lives at least the window, and at most 1.5 windows (its generation's end plus the window).
    clock.at = start + 299;
    expect((await log.append(first, contentHash(first))).status).toBe('duplicate');
    clock.at = start + 450;
    expect((await log.append(first, contentHash(first))).status).toBe('accepted');
    expect(log.size.dedup).toBe(1); // older generations were dropped with the first append of a new one
  });

  it('expires applied markers with their generation in the memory store', async () => {
    const clock = manualClock();
    const store = new MemoryDocumentStore(clock);
    await store.commit([
      { kind: 'put', collection: 'applied@1', id: 'k', doc: 'p' },
      { kind: 'expire', collection: 'applied@1', ttlMs: 50, route: 'k' },
    ]);
    clock.at += 49;
    expect(await store.getMany('applied@1', ['k'])).toEqual(['p']);
    clock.at += 1;
    expect(await store.getMany('applied@1', ['k'])).toEqual([null]);
  });

  it('keeps applying exactly once in a memory runtime with a short window', async () => {
    const runtime = createMemoryRuntime(silentLogger, { retentionMs: RETENTION_MS });
    const consumption = consumeWarehouse(runtime);
    await runtime.pipeline.ingestor.ingest(adjustments(0, 300));
    await consumption.idle();
    const positions = await runtime
      .documents('warehouse')
      .getMany<{ quantityOnHand: number }>('inventory', ['DC-R/SKU-0', 'DC-R/SKU-1', 'DC-R/SKU-2']);
    expect(positions.map((p) => p?.quantityOnHand)).toEqual([100, 100, 100]);
    await runtime.dispose();
  });
});

if (redisAvailable) {
  describeWithRedis('retention in Redis mode', (server) => {
    let redis: Redis;
    beforeAll(async () => {
      redis = await connectRedis(server().url, { name: 'test-retention', logger: silentLogger });
    });
    afterAll(() => redis.disconnect());

    const keysOf = async (prefix: string) => (await redis.keys(`${prefix}:*`)).sort();
    const appliedMarkers = async (prefix: string) => {
      const keys = (await keysOf(prefix)).filter((k) => k.includes(':doc:applied@'));
      return (await Promise.all(keys.map((k) => redis.hlen(k)))).reduce((a, b) => a + b, 0);
    };

    it('after the window, the stream, deduplication entries and applied markers no longer grow with applied events', async () => {
      const prefix = uniquePrefix();
      const keys = redisKeys(prefix, DEFAULTS.LADING_LOG_PARTITIONS);
      const streams = allLaneStreams(keys).map((lane) => lane.stream);
      // A window long enough for a wave to be posted and read back on a busy machine.
      const retentionMs = 4_000;
      const runtime = await createRedisRuntime({
        target: { url: server().url },
        prefix,
        logger: silentLogger,
        retentionMs,
        trimIntervalMs: 100,
      });
      const consumption = consumeWarehouse(runtime, retentionMs);
      const settled = async () =>
        (await Promise.all(streams.map((s) => redis.xlen(s)))).every((n) => n === 0) &&
        (await appliedMarkers(prefix)) === 0 &&
        !(await keysOf(prefix)).some((k) => k.includes(':events:dedup:'));
      try {
        const firstWave = await runtime.pipeline.ingestor.ingest(adjustments(0, 300));
        // Within the window: duplicates are recognised and a resume cursor still reads what followed it.
        expect((await runtime.pipeline.ingestor.ingest(adjustments(299, 1)))[0].status).toBe('duplicate');
        // Log order is (time, partition): positions order that way, so what follows a position is what sorts after it.
        const cursor = firstWave[149].position!;
        const resumed = await runtime.pipeline.log.read(cursor, 1_000);
        const after = adjustments(0, 300)
          .map((e, i) => ({ id: e.id, position: firstWave[i].position! }))
          .filter((e) => e.position > cursor)
          .sort((a, b) => (a.position < b.position ? -1 : 1));
        expect(resumed.map((e) => e.event.id)).toEqual(after.map((e) => e.id));
        await consumption.idle();
        expect(await appliedMarkers(prefix)).toBe(300);
        await until(settled, 'the first wave to leave the log, dedup and markers');
        const steady = await keysOf(prefix);

        await runtime.pipeline.ingestor.ingest(adjustments(300, 1_200));
        await consumption.idle();
        await until(settled, 'the second, larger wave to leave them too');
        // Four times the events, the same keys: what is left is state (inventory), not history.
        expect(await keysOf(prefix)).toEqual(steady);
        const onHand = await runtime
          .documents('warehouse')
          .getMany<{ quantityOnHand: number }>('inventory', ['DC-R/SKU-0', 'DC-R/SKU-1', 'DC-R/SKU-2']);
        expect(onHand.map((p) => p?.quantityOnHand)).toEqual([500, 500, 500]);
      } finally {
        await consumption.dispose();
        await runtime.dispose();
      }
    }, 60_000);

    it('never trims an entry some consumer group has not handled, however old', async () => {
      const prefix = uniquePrefix();
      const keys = redisKeys(prefix);
      for (let i = 0; i < 10; i++) await redis.xadd(keys.in(0).eventStream, '*', 'e', '{}');
      await redis.xgroup('CREATE', keys.in(0).eventStream, 'laggard', '0');
      await redis.xgroup('CREATE', keys.in(0).eventStream, 'done', '$');
      expect(await trimLog(redis, keys.in(0).eventStream, 1, Date.now() + 3_600_000)).toBe(0);
      await redis.xreadgroup('GROUP', 'laggard', 'c', 'COUNT', 4, 'STREAMS', keys.in(0).eventStream, '>');
      // Four delivered but pending (not acknowledged): still needed.
      expect(await trimLog(redis, keys.in(0).eventStream, 1, Date.now() + 3_600_000)).toBe(0);
      const [[, delivered]] = (await redis.xreadgroup('GROUP', 'laggard', 'c', 'COUNT', 10, 'STREAMS', keys.in(0).eventStream, '0')) as [
        string,
        [string, string[]][],
      ][];
      await redis.xack(keys.in(0).eventStream, 'laggard', ...delivered.map(([id]) => id));
      expect(await trimLog(redis, keys.in(0).eventStream, 1, Date.now() + 3_600_000)).toBe(4);
      // Within the window nothing goes, handled or not.
      await redis.xreadgroup('GROUP', 'laggard', 'c', 'COUNT', 10, 'STREAMS', keys.in(0).eventStream, '>');
      expect(await trimLog(redis, keys.in(0).eventStream, 3_600_000)).toBe(0);
      expect(await redis.xlen(keys.in(0).eventStream)).toBe(6);
    });
  });
}
