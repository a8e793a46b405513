import { RateLimitOptions, RateLimiter } from './rate-limiter';

/**
 * Behaviour every RateLimiter implementation shares; run by test/rate-limiter.test.ts against each.
 * `make` returns two limiters over the same buckets (two gateway instances; the same one in memory).
 */
export function rateLimiterContract(
  name: string,
  make: (options: RateLimitOptions) => Promise<{ limiter: RateLimiter; other: RateLimiter; cleanup: () => Promise<void> }>,
): void {
  describe(`RateLimiter contract: ${name}`, () => {
    // 10/s: a token every 100 ms, slow enough that a test's own pace does not refill the bucket.
    const options: RateLimitOptions = { ratePerSecond: 10, burst: 4 };
    let limiter: RateLimiter;
    let other: RateLimiter;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ limiter, other, cleanup } = await make(options));
    });

    afterEach(() => cleanup());

    it('allows a burst across instances, then refuses with the wait until the next token', async () => {
      const decisions = [];
      for (let i = 0; i < 5; i++) decisions.push(await (i % 2 ? other : limiter).take('flooder'));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, false]);
      const refused = decisions[4] as { retryAfterMs: number };
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(100);
    });

    it('keeps principals apart', async () => {
      for (let i = 0; i < 5; i++) await limiter.take('flooder');
      expect((await other.take('quiet')).allowed).toBe(true);
    });

    it('charges a cost: admitted while a token is left, then in debt until refilled', async () => {
      expect((await limiter.take('heavy', 6)).allowed).toBe(true);
      const refused = await other.take('heavy');
      expect(refused.allowed).toBe(false);
      // 4 - 6 = -2 tokens: three tokens (300 ms at 10/s) until the balance is 1 again.
      expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(200);
      expect((refused as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(300);
    });

    it('refills at the configured rate', async () => {
      for (let i = 0; i < 5; i++) await limiter.take('flooder');
      await new Promise((r) => setTimeout(r, 220));
      expect((await other.take('flooder')).allowed).toBe(true);
    });
  });
}
