import { silentLogger } from '../lib/logger';
import { connectRedis } from '../lib/redis/connect';
import { redisKeys } from '../lib/redis/keys';
import { documentStoreContract } from '../lib/store/document-store.contract';
import { MemoryDocumentStore } from '../lib/store/memory-document-store';
import { RedisDocumentStore } from '../lib/store/redis-document-store';
import { describeWithRedis, redisAvailable, uniquePrefix } from './support/redis-server';

documentStoreContract('memory', async () => ({ store: new MemoryDocumentStore(), cleanup: async () => undefined }));

if (redisAvailable) {
  describeWithRedis('Redis', (redis) => {
    documentStoreContract('redis', async () => {
      const connection = await connectRedis(redis().url, { name: 'test-store', logger: silentLogger });
      // A unique prefix per test: tests share the server, never each other's keys.
      // Several partitions, as in production (16 by default): routes spread, listings merge.
      const store = new RedisDocumentStore(connection, redisKeys(uniquePrefix(), 4), 'ns');
      return { store, cleanup: async () => void (await connection.quit()) };
    });
  });
}
