import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import { safetyScenarios } from './safety-scenarios';
import { describeWithRedis, redisAvailable, uniquePrefix } from './support/redis-server';

safetyScenarios('embedded memory runtime', async () => createMemoryRuntime(silentLogger));

if (redisAvailable) {
  describeWithRedis('with Redis', (redis) => {
    safetyScenarios('Redis runtime', async () =>
      createRedisRuntime({ target: { url: redis().url }, prefix: uniquePrefix(), logger: silentLogger }),
    );
  });
}
