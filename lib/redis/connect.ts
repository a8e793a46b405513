import { Cluster, Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { RedisClient } from './client';
import { CLUSTER_SLOTS } from './partitioning';

/** A Redis that is not there 10 s after start fails the start, with a message, instead of a silent wait. */
export const READY_TIMEOUT_MS = 10_000;
/** Redis answers in milliseconds; 5 s without a reply means it is away, and ingest answers 503 rather than hang. */
const COMMAND_TIMEOUT_MS = 5_000;
/** Reconnection backs off by 100 ms a try up to this, so a returning Redis is noticed within 2 s. */
const RECONNECT_BACKOFF_CAP_MS = 2_000;
/** How often a cluster client reads the topology again even without a redirection. */
const SLOTS_REFRESH_INTERVAL_MS = 5_000;
/** A master that does not answer a PING within this is named down by readiness (under its 2 s bound). */
const MASTER_PING_TIMEOUT_MS = 1_000;

export interface RedisConnectOptions {
  /** Shown by CLIENT LIST, to tell Lading's connections apart. */
  name: string;
  logger: Logger;
  /** How long to wait for the first connection before giving up (default READY_TIMEOUT_MS). */
  readyTimeoutMs?: number;
  /** Replies slower than this fail the command (default COMMAND_TIMEOUT_MS); blocking connections raise it. */
  commandTimeoutMs?: number;
}

/**
 * An ioredis connection, connecting at once. A down Redis must fail commands fast (ingest answers
 * 503, never hangs): the offline queue is off, so a command sent while disconnected is rejected at
 * once instead of waiting for a reconnect; commands in flight when the connection drops get at
 * most 2 retries, and any reply slower than `commandTimeoutMs` fails. Reconnection itself goes on
 * forever with capped backoff, so services catch up by themselves when Redis returns.
 */
export function createRedisClient(url: string, options: RedisConnectOptions): Redis {
  const redis = new Redis(url, {
    connectionName: options.name,
    lazyConnect: false,
    enableOfflineQueue: false,
    // Commands issued in the same turn of the event loop go out as one pipeline: consumers handle
    // many aggregates at once, so their reads and commits share round trips.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 2,
    commandTimeout: options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_BACKOFF_CAP_MS),
  });
  reportConnectionState(redis, options.name, options.logger);
  return redis;
}

/** A client that is ready to use: with the offline queue off, commands before `ready` would fail. */
export async function connectRedis(url: string, options: RedisConnectOptions): Promise<Redis> {
  const redis = createRedisClient(url, options);
  try {
    await waitUntilReady(redis, options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return redis;
}

/** Where Lading's Redis is: one node (`REDIS_URL`) or a cluster's seed nodes (`REDIS_CLUSTER_NODES`). */
export type RedisTarget = { url: string } | { clusterNodes: readonly { host: string; port: number }[] };

/**
 * A Redis Cluster client with the same fail-fast behaviour as one node's (no offline queue,
 * command timeout, capped reconnection); it follows the cluster's topology, so after a failover
 * its commands go to the promoted replica. Reads go to masters: Lading reads its own writes.
 */
export function createClusterClient(nodes: readonly { host: string; port: number }[], options: RedisConnectOptions): Cluster {
  const cluster = new Cluster([...nodes], {
    enableOfflineQueue: false,
    // Off on a cluster: ioredis batches auto-pipelines per node, and a batch holding a write that
    // a slot move redirects fails whole with MOVED instead of being redirected (ioredis issues
    // 1692, 2075). Commands still go out without waiting for each other's replies; Lading batches
    // its own reads and commits per turn (TickBatch).
    enableAutoPipelining: false,
    scaleReads: 'master',
    clusterRetryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_BACKOFF_CAP_MS),
    // MOVED and CLUSTERDOWN during a failover are retried this often until the redirections run out (then 503).
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: 2_000,
    // The slot table also says how many replicas each shard has (LADING_REDIS_MIN_REPLICAS=auto,
    // replication.ts): refreshed now and then, a replica that joins a promoted master counts again.
    slotsRefreshInterval: SLOTS_REFRESH_INTERVAL_MS,
    redisOptions: {
      connectionName: options.name,
      maxRetriesPerRequest: 2,
      commandTimeout: options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS,
    },
  });
  reportConnectionState(cluster, options.name, options.logger);
  return cluster;
}

/**
 * A ready client for `target`. A cluster must serve every slot at start: one that does not (still
 * being created, a master lost with no replica) is refused with a message naming the setting, as is
 * one that cannot be reached.
 */
export async function connectTarget(target: RedisTarget, options: RedisConnectOptions): Promise<RedisClient> {
  if ('url' in target) return connectRedis(target.url, options);
  const cluster = createClusterClient(target.clusterNodes, options);
  const seeds = target.clusterNodes.map((n) => `${n.host}:${n.port}`).join(',');
  try {
    await waitUntilReady(cluster, options.readyTimeoutMs ?? READY_TIMEOUT_MS).catch((error: Error) => {
      throw new Error(`REDIS_CLUSTER_NODES (${seeds}): no Redis Cluster answered (${error.message})`, { cause: error });
    });
    const served = await servedSlots(cluster);
    if (served < CLUSTER_SLOTS)
      throw new Error(
        `REDIS_CLUSTER_NODES (${seeds}): the cluster serves ${served} of ${CLUSTER_SLOTS} slots; every slot must have a master`,
      );
  } catch (error) {
    cluster.disconnect();
    throw error;
  }
  return cluster;
}

/** How many slots have a master, by CLUSTER SLOTS. */
async function servedSlots(cluster: Cluster): Promise<number> {
  const ranges = (await cluster.cluster('SLOTS')) as [number, number, ...unknown[]][];
  return ranges.reduce((sum, [start, end]) => sum + (end - start + 1), 0);
}

/** Another connection with the same options, e.g. for a blocking command. */
export function duplicateClient(redis: RedisClient, options: RedisConnectOptions): RedisClient {
  const commandTimeout = options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS;
  // Blocking connections gain nothing from auto-pipelining.
  const copy =
    redis instanceof Cluster
      ? redis.duplicate(undefined, {
          enableAutoPipelining: false,
          redisOptions: { ...redis.options.redisOptions, connectionName: options.name, commandTimeout },
        })
      : redis.duplicate({ connectionName: options.name, commandTimeout, enableAutoPipelining: false });
  reportConnectionState(copy, options.name, options.logger);
  return copy;
}

/**
 * Every master answers PING, else the error names the first that does not (readiness shows it):
 * on a cluster, one shard away means the aggregates in its slots can be neither stored nor read.
 */
export async function pingEveryMaster(redis: RedisClient): Promise<void> {
  if (!(redis instanceof Cluster)) {
    await redis.ping();
    return;
  }
  const masters = redis.nodes('master');
  if (masters.length === 0) throw new Error('no Redis Cluster master is known');
  await Promise.all(
    masters.map(async (node) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        // A dead node's connection queues the PING while it reconnects: bounded here, so the answer names it.
        await Promise.race([
          node.ping(),
          new Promise(
            (_, reject) =>
              (timer = setTimeout(() => reject(new Error(`no reply within ${MASTER_PING_TIMEOUT_MS} ms`)), MASTER_PING_TIMEOUT_MS)),
          ),
        ]);
      } catch (error) {
        throw new Error(
          `Redis node ${node.options.host}:${node.options.port} does not answer: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

/** Resolves when the connection is ready; rejects after `timeoutMs` or when it ends for good. */
export function waitUntilReady(redis: RedisClient, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('end', onEnd);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => done();
    const onEnd = () => done(new Error('Redis connection closed before it was ready'));
    const timer = setTimeout(() => done(new Error(`Redis not ready after ${timeoutMs} ms`)), timeoutMs);
    redis.on('ready', onReady);
    redis.on('end', onEnd);
  });
}

/** Logs an outage once and its end once, rather than every failed reconnect attempt. */
function reportConnectionState(redis: RedisClient, name: string, logger: Logger): void {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn('Redis connection failing; reconnecting', { connection: name, error });
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info('Redis connection restored', { connection: name });
  });
}
