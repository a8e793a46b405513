import type { Redis } from 'ioredis';
import { contentHash } from '../lib/events/content-hash';
import type { ConsumeOptions, EventLog } from '../lib/events/event-log';
import { eventLogContract, logTestEvent } from '../lib/events/event-log.contract';
import { MemoryEventLog } from '../lib/events/memory-event-log';
import type { RedisConsumptionOptions } from '../lib/events/redis-consumption-options';
import { RedisEventLog } from '../lib/events/redis-event-log';
import type { RedisLogConsumption } from '../lib/events/redis-log-consumption';
import { DEFAULT_SYNC_CLASSES, laneOf } from '../lib/events/sync-classes';
import type { CanonicalEvent, LoggedEvent } from '../lib/events/types';
import { EventType } from '../lib/events/types';
import { silentLogger } from '../lib/logger';
import { connectRedis } from '../lib/redis/connect';
import { redisKeys } from '../lib/redis/keys';
import { canSpawnRedis, describeWithRedis, redisAvailable, spawnRedis, uniquePrefix } from './support/redis-server';
import { until } from './support/until';

eventLogContract('memory', async () => ({ log: new MemoryEventLog(), cleanup: async () => undefined }));

const append = (log: EventLog, event: CanonicalEvent) => log.append(event, contentHash(event));
/** The stream logTestEvent's events go to in partition 0: their class's lane. */
const testLane = laneOf(DEFAULT_SYNC_CLASSES[EventType.InTransit]);
const ignoreGiveUp: ConsumeOptions = { maxAttempts: 3, onGiveUp: async () => undefined };

/** One "process": its own connection and log over a shared prefix. */
async function redisLog(url: string, prefix: string, options: Partial<RedisConsumptionOptions> = {}, partitions = 1) {
  const connection = await connectRedis(url, { name: 'test-log', logger: silentLogger });
  const log = new RedisEventLog(connection, redisKeys(prefix, partitions), silentLogger, options);
  const cleanup = async () => {
    await log.dispose();
    connection.disconnect();
  };
  return { log, connection, cleanup };
}

if (redisAvailable) {
  describeWithRedis('Redis event log', (redis) => {
    eventLogContract('redis', () => redisLog(redis().url, uniquePrefix(), {}, 4));

    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    const open = async (prefix: string, options: Partial<RedisConsumptionOptions> = {}, partitions = 1) => {
      const opened = await redisLog(redis().url, prefix, options, partitions);
      cleanups.push(opened.cleanup);
      return opened;
    };

    it("shares one group's work between two instances (half the partitions each), each entry handled once", async () => {
      const prefix = uniquePrefix();
      const options = { heartbeatMs: 100 };
      const [one, two] = [await open(prefix, options, 4), await open(prefix, options, 4)];
      const seen = new Map<string, number>();
      const byInstance = [0, 0];
      const handler = (instance: number) => async (entry: LoggedEvent) => {
        byInstance[instance]++;
        seen.set(entry.event.id, (seen.get(entry.event.id) ?? 0) + 1);
        await new Promise((resolve) => setImmediate(resolve));
      };
      const a = one.log.consume('shared', handler(0), ignoreGiveUp) as RedisLogConsumption;
      const b = two.log.consume('shared', handler(1), ignoreGiveUp) as RedisLogConsumption;
      await until(() => a.partitions.length === 2 && b.partitions.length === 2, 'the instances to hold two partitions each');
      expect([...a.partitions, ...b.partitions].sort()).toEqual([0, 1, 2, 3]);
      for (let i = 0; i < 300; i++) await append(i % 2 ? one.log : two.log, { ...logTestEvent(), subject: `S${i % 40}` });
      await Promise.all([a.idle(), b.idle()]);
      expect(seen.size).toBe(300);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      expect(byInstance.every((n) => n > 0)).toBe(true);
    });

    it('leaves the entries of a consumer that is alive (heartbeat renewed) but stuck until claimIdleMs, then claims them', async () => {
      const prefix = uniquePrefix();
      const keys = redisKeys(prefix);
      const stuck = [logTestEvent(), logTestEvent()];
      const { log, connection } = await open(prefix);
      for (const e of stuck) await append(log, e);
      await connection.xgroup('CREATE', keys.in(0).eventLane(testLane), 'claim', '0', 'MKSTREAM');
      await connection.xreadgroup('GROUP', 'claim', 'stuck-consumer', 'COUNT', 10, 'STREAMS', keys.in(0).eventLane(testLane), '>');
      await connection.set(keys.consumerHeartbeat('claim', 'stuck-consumer'), '1', 'PX', 60_000);
      // claimIdleMs far beyond the test: the consumer's first step looks at the stuck entries before it
      // reads the witness, so the witness handled shows they were looked at and left alone.
      const patient = await open(prefix, { claimIdleMs: 3_600_000, heartbeatMs: 50 });
      const witness = logTestEvent();
      await append(patient.log, witness);
      const handledByPatient: string[] = [];
      const patience = patient.log.consume('claim', async (entry) => void handledByPatient.push(entry.event.id), ignoreGiveUp);
      await until(() => handledByPatient.includes(witness.id), 'the witness to be handled');
      expect(handledByPatient).toEqual([witness.id]);
      const stillStuck = await connection.xpending(keys.in(0).eventLane(testLane), 'claim', '-', '+', 10, 'stuck-consumer');
      expect(stillStuck).toHaveLength(stuck.length);
      // Once they have been pending longer than claimIdleMs, the partition's next holder takes them over.
      await patience.dispose();
      const rescuer = await open(prefix, { claimIdleMs: 300, heartbeatMs: 50 });
      const handled: string[] = [];
      await rescuer.log.consume('claim', async (entry) => void handled.push(entry.event.id), ignoreGiveUp).idle();
      expect(handled).toEqual(stuck.map((e) => e.id));
      expect(await pendingCount(connection, keys.in(0).eventLane(testLane), 'claim')).toBe(0);
    });

    it('claims the entries of a consumer whose heartbeat stopped without waiting for claimIdleMs, and forgets that consumer', async () => {
      const prefix = uniquePrefix();
      const keys = redisKeys(prefix);
      // claimIdleMs far beyond the test's timeout: only the heartbeat can explain a claim.
      const { log, connection } = await open(prefix, { claimIdleMs: 3_600_000, heartbeatMs: 100, heartbeatTtlMs: 300 });
      const events = [logTestEvent(), logTestEvent(), logTestEvent()];
      for (const e of events) await append(log, e);
      await connection.xgroup('CREATE', keys.in(0).eventLane(testLane), 'dead', '0', 'MKSTREAM');
      await connection.set(keys.consumerHeartbeat('dead', 'died'), '1', 'PX', 300);
      await connection.xreadgroup('GROUP', 'dead', 'died', 'COUNT', 10, 'STREAMS', keys.in(0).eventLane(testLane), '>');
      const handled: string[] = [];
      const consumption = log.consume('dead', async (entry) => void handled.push(entry.event.id), ignoreGiveUp);
      await consumption.idle();
      expect(handled).toEqual(events.map((e) => e.id));
      const consumers = async () =>
        ((await connection.xinfo('CONSUMERS', keys.in(0).eventLane(testLane), 'dead')) as unknown[][]).map((c) => String(c[1]));
      await until(async () => !(await consumers()).includes('died'), 'the dead consumer to be forgotten');
      expect(await consumers()).not.toContain('died');
    }, 20_000);

    it('disposes while a handler hangs, and another instance then handles its entry', async () => {
      const prefix = uniquePrefix();
      const stuck = await open(prefix, { claimIdleMs: 200, disposeTimeoutMs: 100 });
      const event = logTestEvent();
      await append(stuck.log, event);
      let started!: () => void;
      const isStarted = new Promise<void>((resolve) => (started = resolve));
      const hanging = stuck.log.consume('hang', () => (started(), new Promise<void>(() => undefined)), ignoreGiveUp);
      await isStarted;
      await hanging.dispose();
      const survivor = await open(prefix, { claimIdleMs: 200 });
      const handled: string[] = [];
      await survivor.log.consume('hang', async (entry) => void handled.push(entry.event.id), ignoreGiveUp).idle();
      expect(handled).toEqual([event.id]);
    });

    it('gives up at once on an entry already delivered maxAttempts times to consumers that died', async () => {
      const prefix = uniquePrefix();
      const keys = redisKeys(prefix);
      const { log, connection } = await open(prefix, { claimIdleMs: 100 });
      const poison = logTestEvent();
      await append(log, poison);
      await connection.xgroup('CREATE', keys.in(0).eventLane(testLane), 'poison', '0', 'MKSTREAM');
      await connection.xreadgroup('GROUP', 'poison', 'crashed', 'COUNT', 10, 'STREAMS', keys.in(0).eventLane(testLane), '>');
      const handled: string[] = [];
      const givenUp: string[] = [];
      const consumption = log.consume('poison', async (entry) => void handled.push(entry.event.id), {
        maxAttempts: 1,
        onGiveUp: async (entry, error) => void givenUp.push(`${entry.event.id}: ${error.message}`),
      });
      await consumption.idle();
      expect(handled).toEqual([]);
      expect(givenUp).toEqual([`${poison.id}: already delivered 1 time(s) to consumers that stopped before finishing`]);
    });
  });
}

if (canSpawnRedis) {
  describe('Redis event log across a Redis restart', () => {
    it('fails appends fast while Redis is down, then reconnects and catches up by itself', async () => {
      let server = await spawnRedis();
      const { log, connection, cleanup } = await redisLog(server.url, uniquePrefix(), { retryDelayMs: 50 });
      try {
        const handled: string[] = [];
        const consumption = log.consume('restart', async (entry) => void handled.push(entry.event.id), ignoreGiveUp);
        await append(log, logTestEvent('before'));
        await consumption.idle();
        await server.stop();
        // Fast: refused because the connection is down, not after waiting out a command timeout (a queued
        // append would wait for the restart below, which only comes after it, and never finish).
        const refused = await append(log, logTestEvent('while-down')).then(
          () => null,
          (error: Error) => error,
        );
        expect(refused).toBeInstanceOf(Error);
        expect(refused!.message).not.toMatch(/timed? ?out/i);
        server = await spawnRedis(server.port ?? undefined);
        await until(
          () =>
            connection.ping().then(
              (pong) => pong === 'PONG',
              () => false,
            ),
          'the connection to be back',
        );
        // The restarted server kept nothing (no persistence in tests): the group is made again.
        await append(log, logTestEvent('after'));
        await consumption.idle();
        expect(handled).toEqual(['before', 'after']);
      } finally {
        await cleanup();
        await server.stop();
      }
    });
  });
}

async function pendingCount(redis: Redis, stream: string, group: string): Promise<number> {
  const [count] = (await redis.xpending(stream, group)) as [number];
  return count;
}
