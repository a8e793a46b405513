import type { LadingConfig } from '../config';
import type { Logger } from '../logger';
import { createMemoryRuntime } from './memory-runtime';
import { createRedisRuntime } from './redis-runtime';
import type { Runtime } from './runtime';

/** Redis when `REDIS_URL` is set, else the embedded in-memory mode. */
export async function createRuntime(config: LadingConfig, logger: Logger): Promise<Runtime> {
  if (config.redisUrl) {
    logger.info('using Redis', { prefix: config.redisPrefix });
    return createRedisRuntime({
      url: config.redisUrl,
      prefix: config.redisPrefix,
      logger,
      claimIdleMs: config.claimIdleMs,
      ...config.runtime,
    });
  }
  return createMemoryRuntime(logger, config.runtime);
}
