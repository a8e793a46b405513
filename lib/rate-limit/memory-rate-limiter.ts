import type { RateDecision, RateLimitOptions, RateLimiter } from './rate-limiter';

/** Token buckets in this process (the embedded mode, or a single gateway). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();
  /** Bucket count at which full buckets are dropped (they equal no bucket); doubles if few are full. */
  private sweepAt = 10_000;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async take(principal: string, cost = 1): Promise<RateDecision> {
    const { ratePerSecond, burst } = this.options;
    const now = this.now();
    if (this.buckets.size >= this.sweepAt) this.sweep(now);
    const bucket = this.buckets.get(principal) ?? { tokens: burst, updated: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updated) * ratePerSecond) / 1000);
    bucket.updated = now;
    this.buckets.set(principal, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= cost;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) * 1000) / ratePerSecond) };
  }

  private sweep(now: number): void {
    const { ratePerSecond, burst } = this.options;
    for (const [principal, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.updated) * ratePerSecond) / 1000 >= burst) this.buckets.delete(principal);
    }
    this.sweepAt = Math.max(10_000, this.buckets.size * 2);
  }
}
