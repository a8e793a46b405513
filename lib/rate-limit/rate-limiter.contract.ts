import type { Clock } from '../clock';
import type { RateLimitOptions, RateLimiter } from './rate-limiter';

/**
 * Behaviour every RateLimiter implementation shares; run by test/rate-limiter.test.ts against each.
 * `make` returns two limiters over the same buckets (two gateway instances; the same one in memory),
 * both telling time by `clock`, which the suite moves by hand: time passes only when a test says so.
 */
export function rateLimiterContract(
  name: string,
  make: (options: RateLimitOptions, clock: Clock) => Promise<{ limiter: RateLimiter; other: RateLimiter; cleanup: () => Promise<void> }>,
): void {
  describe(`RateLimiter contract: ${name}`, () => {
    // 10/s: a token every 100 ms.
    const options: RateLimitOptions = { ratePerSecond: 10, burst: 4 };
    const clock = { at: 0, now: () => clock.at };
    let limiter: RateLimiter;
    let other: RateLimiter;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      clock.at = 1_700_000_000_000;
      ({ limiter, other, cleanup } = await make(options, clock));
    });

    afterEach(() => cleanup());

    it('allows a burst across instances, then refuses with the wait until the next token', async () => {
      const decisions = [];
      for (let i = 0; i < 5; i++) decisions.push(await (i % 2 ? other : limiter).take('flooder'));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, false]);
      const refused = decisions[4] as { retryAfterMs: number };
      expect(refused.retryAfterMs).toBe(100);
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
      expect((refused as { retryAfterMs: number }).retryAfterMs).toBe(300);
    });

    it('refills at the configured rate', async () => {
      for (let i = 0; i < 5; i++) await limiter.take('flooder');
      clock.at += 99;
      expect((await other.take('flooder')).allowed).toBe(false);
      clock.at += 1;
      expect((await other.take('flooder')).allowed).toBe(true);
      expect((await limiter.take('flooder')).allowed).toBe(false);
      clock.at += 200;
      expect((await limiter.take('flooder')).allowed).toBe(true);
      expect((await other.take('flooder')).allowed).toBe(true);
      expect((await limiter.take('flooder')).allowed).toBe(false);
    });
  });
}
