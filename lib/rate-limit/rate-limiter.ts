/** Per-principal request budget: a token bucket refilled at `ratePerSecond`, holding at most `burst`. */
export interface RateLimitOptions {
  /** Sustained requests per second per principal (default 50). */
  ratePerSecond: number;
  /** Requests a principal may make at once after being idle (default 100). */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { ratePerSecond: 50, burst: 100 };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateLimiter {
  take(principal: string): Promise<RateDecision>;
}
