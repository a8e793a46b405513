import type { RedisClient } from '../redis/client';
import type { Clock } from '../clock';
import type { RedisKeys } from '../redis/keys';
import { runScript } from '../redis/scripts';
import type { RateDecision, RateLimitOptions, RateLimiter } from './rate-limiter';

/** Token buckets in Redis, so that a principal's limit holds across every gateway instance. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly options: RateLimitOptions,
    /** Only for tests that move time by hand: by default the buckets use Redis's clock, the same for every instance. */
    private readonly clock?: Clock,
  ) {}

  async take(principal: string, cost = 1): Promise<RateDecision> {
    const [allowed, wait] = (await runScript(
      this.redis,
      'ladingTokenBucket',
      [this.keys.rateLimit(principal)],
      [String(this.options.ratePerSecond), String(this.options.burst), String(cost), ...(this.clock ? [String(this.clock.now())] : [])],
    )) as [number, number];
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs: wait };
  }
}
