import type { OptionsOf, OptionSource } from '../settings';

/**
 * Per-principal budget: a token bucket refilled at `ratePerSecond`, holding at most `burst`. A request
 * is admitted while the balance is at least 1 token and is then charged its whole cost, which may
 * leave a debt: a heavy operation is paid for by waiting, never by being unrunnable.
 */
export const RATE_LIMIT = {
  /** Sustained requests per second per principal. */
  ratePerSecond: 'LADING_RATE_LIMIT_RPS',
  /** Requests a principal may make at once after being idle. */
  burst: 'LADING_RATE_LIMIT_BURST',
} as const satisfies OptionSource;
export type RateLimitOptions = OptionsOf<typeof RATE_LIMIT>;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateLimiter {
  /** Admits when the balance is at least 1, then charges `cost` tokens (default 1). */
  take(principal: string, cost?: number): Promise<RateDecision>;
}
