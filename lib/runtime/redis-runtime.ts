import type { Redis } from 'ioredis';
import { startHoldSweeper } from '../events/hold-sweeper';
import { EventPipeline } from '../events/pipeline';
import { RedisEventLog } from '../events/redis-event-log';
import type { Logger } from '../logger';
import { RedisPubSub } from '../pubsub/redis-pubsub';
import { RedisRateLimiter } from '../rate-limit/redis-rate-limiter';
import type { LadingTopics } from '../pubsub/topics';
import { READY_TIMEOUT_MS, connectRedis, duplicateClient, waitUntilReady } from '../redis/connect';
import { redisKeys } from '../redis/keys';
import { RedisDocumentStore } from '../store/redis-document-store';
import type { Runtime } from './runtime';
import { DEFAULTS } from '../settings';
import type { RuntimeSettings } from './runtime-settings';

/** Redis mode: state, event log, dedup, held events, dead letters and pub/sub shared by every instance. */
export interface RedisRuntimeOptions extends Partial<RuntimeSettings> {
  /** `REDIS_URL`. */
  url: string;
  /** Prefix of every key and channel: `LADING_REDIS_PREFIX`. */
  prefix: string;
  logger: Logger;
  /** When an event pending with a live but stuck consumer is claimed (`LADING_CLAIM_IDLE`); dead consumers are noticed by heartbeat. */
  claimIdleMs?: number;
  /** How often the log is trimmed (default 10 s). */
  trimIntervalMs?: number;
}

export async function createRedisRuntime(options: RedisRuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const keys = redisKeys(options.prefix);
  // One command connection, shared by every store and the log (this runtime owns and closes it).
  const redis = await connectRedis(options.url, { name: 'lading', logger });
  // Pub/sub needs a second one: a connection in subscriber mode can run no other command.
  const subscriber = duplicateClient(redis, { name: 'lading-subscriber', logger });
  try {
    await waitUntilReady(subscriber, READY_TIMEOUT_MS);
  } catch (error) {
    subscriber.disconnect();
    redis.disconnect();
    throw error;
  }
  const stores = new Map<string, RedisDocumentStore>();
  const documents = (namespace: string) => {
    let store = stores.get(namespace);
    if (!store) stores.set(namespace, (store = new RedisDocumentStore(redis, keys, namespace)));
    return store;
  };
  const log = new RedisEventLog(redis, keys, logger, {
    claimIdleMs: options.claimIdleMs,
    retentionMs: options.retentionMs,
    trimIntervalMs: options.trimIntervalMs,
  });
  const pipeline = new EventPipeline({ log, ops: documents('events'), logger, retentionMs: options.retentionMs, ingest: options.ingest });
  const sweeper = startHoldSweeper(pipeline.held, options.holdTtlMs ?? DEFAULTS.LADING_HOLD_TTL, logger);
  const pubsub = new RedisPubSub<LadingTopics>(redis, subscriber, keys.channel, logger);
  return {
    mode: 'redis',
    documents,
    pipeline,
    pubsub,
    rateLimiter: (limits) => new RedisRateLimiter(redis, keys, limits),
    ping: async () => {
      await redis.ping();
    },
    async dispose() {
      sweeper.dispose();
      await pipeline.dispose();
      await log.dispose();
      await pubsub.dispose();
      await Promise.all([quit(subscriber), quit(redis)]);
    },
  };
}

/** QUIT lets replies in flight arrive; a connection that is down is simply dropped. */
async function quit(connection: Redis): Promise<void> {
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
