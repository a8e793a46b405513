import { startHoldSweeper } from '../events/hold-sweeper';
import { RedisEventLog } from '../events/redis-event-log';
import type { Logger } from '../logger';
import { RedisChangeStreams } from '../changes/redis-change-streams';
import { RedisRateLimiter } from '../rate-limit/redis-rate-limiter';
import type { RedisClient } from '../redis/client';
import type { RedisTarget } from '../redis/connect';
import { connectTarget, pingEveryMaster } from '../redis/connect';
import { redisKeys } from '../redis/keys';
import { checkLayout } from '../redis/layout';
import type { ReplicaRequirement } from '../redis/replication';
import { replicaRequirement } from '../redis/replication';
import type { NamespaceLayout } from '../store/redis-document-store';
import { RedisDocumentStore } from '../store/redis-document-store';
import { syncClassifier } from '../events/sync-classes';
import type { Runtime } from './runtime';
import { DEFAULTS } from '../settings';
import type { RuntimeSettings } from './runtime-settings';
import { pipelineOf } from './runtime-settings';

/** Redis mode: state, event log, dedup, held events, dead letters and change streams shared by every instance. */
export interface RedisRuntimeOptions extends Partial<RuntimeSettings> {
  /** `REDIS_URL` or `REDIS_CLUSTER_NODES`. */
  target: RedisTarget;
  /** Prefix of every key and channel: `LADING_REDIS_PREFIX`. */
  prefix: string;
  /** `LADING_LOG_PARTITIONS` (default 16): checked against the count recorded at first start. */
  partitions?: number;
  /** `LADING_REDIS_MIN_REPLICAS` (default `auto`). */
  minReplicas?: 'auto' | `${number}`;
  logger: Logger;
  /** When an event pending with a live but stuck consumer is claimed (`LADING_CLAIM_IDLE`); dead consumers are noticed by heartbeat. */
  claimIdleMs?: number;
  /** How often the log is trimmed (default 10 s). */
  trimIntervalMs?: number;
}

export async function createRedisRuntime(options: RedisRuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const keys = redisKeys(options.prefix, options.partitions ?? DEFAULTS.LADING_LOG_PARTITIONS);
  // One command connection (on a cluster, one per node), shared by every store and the log (this runtime owns and closes it).
  const redis = await connectTarget(options.target, { name: 'lading', logger });
  let minReplicas: ReplicaRequirement;
  try {
    await checkLayout(redis, keys);
    minReplicas = await replicaRequirement(redis, options.minReplicas ?? 'auto');
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const stores = new Map<string, RedisDocumentStore>();
  const documents = (namespace: string, layout: NamespaceLayout = 'partitioned') => {
    let store = stores.get(namespace);
    if (!store)
      stores.set(namespace, (store = new RedisDocumentStore(redis, keys, namespace, { retentionMs: options.retentionMs, layout })));
    return store;
  };
  const classify = syncClassifier(options.syncClasses);
  const log = new RedisEventLog(redis, keys, logger, {
    claimIdleMs: options.claimIdleMs,
    retentionMs: options.retentionMs,
    trimIntervalMs: options.trimIntervalMs,
    minReplicas,
    classify,
  });
  const pipeline = pipelineOf(log, documents('events'), logger, options, classify);
  const sweeper = startHoldSweeper(pipeline.held, options.holdTtlMs ?? DEFAULTS.LADING_HOLD_TTL, logger);
  // Following a stream opens a blocking connection of its own, per stream, when first needed.
  const changes = new RedisChangeStreams(redis, keys, logger);
  return {
    mode: 'redis',
    documents,
    pipeline,
    changes,
    rateLimiter: (limits) => new RedisRateLimiter(redis, keys, limits),
    ping: () => pingEveryMaster(redis),
    async dispose() {
      sweeper.dispose();
      await pipeline.dispose();
      await log.dispose();
      await changes.dispose();
      await quit(redis);
    },
  };
}

/** QUIT lets replies in flight arrive; a connection that is down is simply dropped. */
async function quit(connection: RedisClient): Promise<void> {
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
