import type { Redis } from 'ioredis';
import { startHoldSweeper } from '../events/hold-sweeper';
import { IngestObserver } from '../events/ingest';
import { EventPipeline } from '../events/pipeline';
import { RedisEventLog } from '../events/redis-event-log';
import { Logger } from '../logger';
import { RedisPubSub } from '../pubsub/redis-pubsub';
import { LadingTopics } from '../pubsub/topics';
import { connectRedis } from '../redis/connect';
import { RedisKeys } from '../redis/keys';
import { RedisDocumentStore } from '../store/redis-document-store';
import { Runtime } from './runtime';

export interface RedisRuntimeOptions {
  url: string;
  /** Prefix of every key and channel. */
  prefix: string;
  logger: Logger;
  holdTtlMs?: number;
  /** How long an entry stays pending with a dead consumer before another one claims it (default 30 s). */
  claimIdleMs?: number;
  observe?: IngestObserver;
}

/** Redis mode: state, event log, deduplication, held events, dead letters and pub/sub all in Redis. */
export async function createRedisRuntime(options: RedisRuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const keys = new RedisKeys(options.prefix);
  const connections: Redis[] = [];
  const connect = async (name: string) => {
    const redis = await connectRedis(options.url, logger, name);
    connections.push(redis);
    return redis;
  };
  const command = await connect('command');
  // A connection in subscriber mode can run no other command: pub/sub gets its own.
  const subscriber = await connect('subscriber');
  const stores = new Map<string, RedisDocumentStore>();
  const documents = (namespace: string) => {
    let store = stores.get(namespace);
    if (!store) stores.set(namespace, (store = new RedisDocumentStore(command, keys, namespace)));
    return store;
  };
  const log = new RedisEventLog(command, { keys, logger, connect, claimIdleMs: options.claimIdleMs ?? 30_000 });
  const pipeline = new EventPipeline({ log, ops: documents('events'), logger, observe: options.observe });
  const pubsub = new RedisPubSub<LadingTopics>(command, subscriber, (topic) => keys.channel(topic), logger);
  const sweeper = startHoldSweeper(pipeline.held, options.holdTtlMs ?? 24 * 3_600_000, logger);
  return {
    mode: 'redis',
    documents,
    pipeline,
    pubsub,
    async ping() {
      await command.ping();
    },
    async dispose() {
      sweeper.dispose();
      await pipeline.dispose();
      await log.dispose();
      await pubsub.dispose();
      for (const connection of connections) connection.disconnect();
    },
  };
}
