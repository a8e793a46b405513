import { silentLogger } from '../lib/logger';
import { MemoryPubSub } from '../lib/pubsub/memory-pubsub';
import type { ContractTopics } from '../lib/pubsub/pubsub.contract';
import { pubsubContract } from '../lib/pubsub/pubsub.contract';
import { RedisPubSub } from '../lib/pubsub/redis-pubsub';
import { connectRedis } from '../lib/redis/connect';
import { redisKeys } from '../lib/redis/keys';
import { describeWithRedis, redisAvailable, uniquePrefix } from './support/redis-server';

pubsubContract('memory', async () => {
  const bus = new MemoryPubSub<ContractTopics>();
  return { pubsub: bus, other: bus, cleanup: () => bus.dispose() };
});

if (redisAvailable) {
  describeWithRedis('with Redis', (redis) => {
    pubsubContract('redis', async () => {
      const keys = redisKeys(uniquePrefix());
      const connections = await Promise.all(
        [0, 1, 2, 3].map((i) => connectRedis(redis().url, { name: `pubsub-${i}`, logger: silentLogger })),
      );
      const [pub1, sub1, pub2, sub2] = connections;
      return {
        pubsub: new RedisPubSub<ContractTopics>(pub1, sub1, keys.channel, silentLogger),
        other: new RedisPubSub<ContractTopics>(pub2, sub2, keys.channel, silentLogger),
        cleanup: async () => connections.forEach((c) => c.disconnect()),
      };
    });
  });
}
