import type { LadingConfig } from '../config';
import { ConfigError } from '../settings';
import type { Logger } from '../logger';
import { createMemoryRuntime } from './memory-runtime';
import { createRedisRuntime } from './redis-runtime';
import type { Runtime } from './runtime';

/** A Redis Cluster when `REDIS_CLUSTER_NODES` is set, one Redis when `REDIS_URL` is, else the embedded in-memory mode. */
export async function createRuntime(config: LadingConfig, logger: Logger): Promise<Runtime> {
  if (config.redisUrl && config.redisClusterNodes)
    throw new ConfigError('REDIS_URL and REDIS_CLUSTER_NODES are both set: name one Redis node or the seed nodes of one cluster, not both');
  const target = config.redisClusterNodes
    ? { clusterNodes: config.redisClusterNodes }
    : config.redisUrl
      ? { url: config.redisUrl }
      : undefined;
  if (target) {
    logger.info('using Redis', { prefix: config.redisPrefix, cluster: 'clusterNodes' in target, partitions: config.logPartitions });
    return createRedisRuntime({
      target,
      prefix: config.redisPrefix,
      partitions: config.logPartitions,
      minReplicas: config.redisMinReplicas,
      logger,
      claimIdleMs: config.claimIdleMs,
      ...config.runtime,
    });
  }
  return createMemoryRuntime(logger, config.runtime);
}
