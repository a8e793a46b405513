import { silentLogger } from '../lib/logger';
import { connectRedis } from '../lib/redis/connect';
import { RedisKeys } from '../lib/redis/keys';
import { documentStoreContract } from '../lib/store/document-store.contract';
import { MemoryDocumentStore } from '../lib/store/memory-document-store';
import { RedisDocumentStore } from '../lib/store/redis-document-store';
import { describeWithRedis, redisAvailable, uniquePrefix } from './support/redis-server';

documentStoreContract('memory', async () => ({ store: new MemoryDocumentStore(), cleanup: async () => undefined }));

if (redisAvailable) {
  describeWithRedis('Redis', (redis) => {
    documentStoreContract('redis', async () => {
      const connection = await connectRedis(redis().url, silentLogger, 'test');
      return { store: new RedisDocumentStore(connection, new RedisKeys(uniquePrefix()), 'ns'), cleanup: async () => connection.disconnect() };
    });
  });
}
