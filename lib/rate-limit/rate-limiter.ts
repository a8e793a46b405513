import { DEFAULTS } from '../settings';

/**
 * Per-principal budget: a token bucket refilled at `ratePerSecond`, holding at most `burst`. A request
 * is admitted while the balance is at least 1 token and is then charged its whole cost, which may
 * leave a debt: a heavy operation is paid for by waiting, never by being unrunnable.
 */
export interface RateLimitOptions {
  /** Sustained requests per second per principal (`LADING_RATE_LIMIT_RPS`). */
  ratePerSecond: number;
  /** Requests a principal may make at once after being idle (`LADING_RATE_LIMIT_BURST`). */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  ratePerSecond: DEFAULTS.LADING_RATE_LIMIT_RPS,
  burst: DEFAULTS.LADING_RATE_LIMIT_BURST,
};

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateLimiter {
  /** Admits when the balance is at least 1, then charges `cost` tokens (default 1). */
  take(principal: string, cost?: number): Promise<RateDecision>;
}
