import { silentLogger } from '../lib/logger';
import { MemoryRateLimiter } from '../lib/rate-limit/memory-rate-limiter';
import type { RateLimiter } from '../lib/rate-limit/rate-limiter';
import { rateLimiterContract } from '../lib/rate-limit/rate-limiter.contract';
import { RedisRateLimiter } from '../lib/rate-limit/redis-rate-limiter';
import { connectRedis } from '../lib/redis/connect';
import { redisKeys } from '../lib/redis/keys';
import { describeWithRedis, redisAvailable, uniquePrefix } from './support/redis-server';

async function takeMany(limiters: RateLimiter[], principal: string, count: number) {
  const decisions = [];
  for (let i = 0; i < count; i++) decisions.push(await limiters[i % limiters.length].take(principal));
  return decisions;
}

describe('memory token bucket', () => {
  it('allows a burst, then refuses with the time until the next token, and refills', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ ratePerSecond: 2, burst: 3 }, () => now);
    const decisions = await takeMany([limiter], 'p', 4);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]).toEqual({ allowed: false, retryAfterMs: 500 });
    expect((await limiter.take('other')).allowed).toBe(true);
    now = 500;
    expect((await limiter.take('p')).allowed).toBe(true);
    expect((await limiter.take('p')).allowed).toBe(false);
  });
});

rateLimiterContract('memory', async (options, clock) => {
  const limiter = new MemoryRateLimiter(options, () => clock.now());
  return { limiter, other: limiter, cleanup: async () => undefined };
});

if (redisAvailable) {
  describeWithRedis('Redis token bucket', (redis) => {
    rateLimiterContract('redis', async (options, clock) => {
      const keys = redisKeys(uniquePrefix());
      const [a, b] = await Promise.all([0, 1].map((i) => connectRedis(redis().url, { name: `rl-contract-${i}`, logger: silentLogger })));
      return {
        limiter: new RedisRateLimiter(a, keys, options, clock),
        other: new RedisRateLimiter(b, keys, options, clock),
        cleanup: async () => [a, b].forEach((c) => c.disconnect()),
      };
    });

    it("holds one principal's limit across gateway instances", async () => {
      const keys = redisKeys(uniquePrefix());
      const [a, b] = await Promise.all([0, 1].map((i) => connectRedis(redis().url, { name: `rl-${i}`, logger: silentLogger })));
      const options = { ratePerSecond: 1, burst: 5 };
      const decisions = await takeMany([new RedisRateLimiter(a, keys, options), new RedisRateLimiter(b, keys, options)], 'flooder', 8);
      expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
      expect(decisions[7]).toMatchObject({ allowed: false });
      expect((decisions[7] as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
      expect((await new RedisRateLimiter(a, keys, options).take('someone-else')).allowed).toBe(true);
      a.disconnect();
      b.disconnect();
    });
  });
}

describe('memory token bucket bookkeeping', () => {
  it('forgets principals whose buckets are full again, and only those', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ ratePerSecond: 1, burst: 2 }, () => now);
    await limiter.take('busy');
    await limiter.take('busy');
    for (let i = 0; i < 9_999; i++) await limiter.take(`idle-${i}`);
    now = 1500; // every idle bucket (one token spent) is full again; busy's (two spent) is not
    await limiter.take('newcomer');
    const buckets = (limiter as unknown as { buckets: Map<string, unknown> }).buckets;
    expect(buckets.size).toBe(2);
    expect((await limiter.take('busy')).allowed).toBe(true);
    expect((await limiter.take('busy')).allowed).toBe(false);
  });
});
