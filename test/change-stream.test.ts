import { CONTRACT_RETENTION_MS, changeStreamContract } from '../lib/changes/change-stream.contract';
import { MemoryChangeStreams } from '../lib/changes/memory-change-streams';
import { RedisChangeStreams } from '../lib/changes/redis-change-streams';
import { silentLogger } from '../lib/logger';
import { connectRedis } from '../lib/redis/connect';
import { redisKeys } from '../lib/redis/keys';
import { MemoryDocumentStore } from '../lib/store/memory-document-store';
import { RedisDocumentStore } from '../lib/store/redis-document-store';
import { describeWithRedis, redisAvailable, uniquePrefix } from './support/redis-server';

changeStreamContract('memory', async (clock) => {
  const changes = new MemoryChangeStreams({ retentionMs: CONTRACT_RETENTION_MS, clock });
  return { store: new MemoryDocumentStore(clock, changes), changes, cleanup: () => changes.dispose() };
});

if (redisAvailable) {
  describeWithRedis('Redis', (redis) => {
    changeStreamContract('redis', async (clock) => {
      const connection = await connectRedis(redis().url, { name: 'test-changes', logger: silentLogger });
      // A unique prefix per test: tests share the server, never each other's keys.
      // Several partitions: reads merge them, as in production (16 by default).
      const keys = redisKeys(uniquePrefix(), 4);
      const changes = new RedisChangeStreams(connection, keys, silentLogger);
      const store = new RedisDocumentStore(connection, keys, 'ns', { retentionMs: CONTRACT_RETENTION_MS, clock });
      return {
        store,
        changes,
        cleanup: async () => {
          await changes.dispose();
          await connection.quit();
        },
      };
    });
  });
}
