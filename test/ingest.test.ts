import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import { ingestScenarios } from './ingest-scenarios';
import { describeWithRedis, redisAvailable, uniquePrefix } from './support/redis-server';

ingestScenarios('embedded memory runtime', async () => createMemoryRuntime(silentLogger));

if (redisAvailable) {
  describeWithRedis('with Redis', (redis) => {
    ingestScenarios('Redis runtime', async () =>
      createRedisRuntime({ target: { url: redis().url }, prefix: uniquePrefix(), logger: silentLogger }),
    );
  });
}
