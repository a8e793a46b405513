import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import { ingestScenarios } from './ingest-scenarios';
import { TestRedis, redisAvailable, startRedis, uniquePrefix } from './support/redis-server';

ingestScenarios('embedded memory runtime', async () => createMemoryRuntime(silentLogger));

if (redisAvailable) {
  let redis: TestRedis | null = null;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  ingestScenarios('Redis runtime', async () => createRedisRuntime({ url: redis!.url, prefix: uniquePrefix(), logger: silentLogger }));
}
