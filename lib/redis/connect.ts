import { Redis } from 'ioredis';
import type { Logger } from '../logger';

/** A Redis that is not there 10 s after start fails the start, with a message, instead of a silent wait. */
export const READY_TIMEOUT_MS = 10_000;
/** Redis answers in milliseconds; 5 s without a reply means it is away, and ingest answers 503 rather than hang. */
const COMMAND_TIMEOUT_MS = 5_000;
/** Reconnection backs off by 100 ms a try up to this, so a returning Redis is noticed within 2 s. */
const RECONNECT_BACKOFF_CAP_MS = 2_000;

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

/** Another connection with the same options, e.g. for a blocking command or subscriber mode. */
export function duplicateClient(redis: Redis, options: RedisConnectOptions): Redis {
  // Blocking and subscriber connections gain nothing from auto-pipelining, and subscriber mode is not pipelined well.
  const copy = redis.duplicate({
    connectionName: options.name,
    commandTimeout: options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS,
    enableAutoPipelining: false,
  });
  reportConnectionState(copy, options.name, options.logger);
  return copy;
}

/** Resolves when the connection is ready; rejects after `timeoutMs` or when it ends for good. */
export function waitUntilReady(redis: Redis, timeoutMs: number): Promise<void> {
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
function reportConnectionState(redis: Redis, name: string, logger: Logger): void {
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
