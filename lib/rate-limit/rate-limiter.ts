import type { Role } from '../identity/identity';
import type { OptionSource } from '../settings';
import type { PerRole } from '../settings/per-role';
import { forRole } from '../settings/per-role';

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
/** The bucket of one principal. */
export interface RateLimitOptions {
  ratePerSecond: number;
  burst: number;
}
/** Buckets as configured: per role, or one size for every role. */
export interface RateLimits {
  ratePerSecond: PerRole<number>;
  burst: PerRole<number>;
}

/** The bucket of a principal of `role`. */
export function rateLimitFor(limits: RateLimits, role: Role): RateLimitOptions {
  return { ratePerSecond: forRole(limits.ratePerSecond, role), burst: forRole(limits.burst, role) };
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateLimiter {
  /** Admits when the balance is at least 1, then charges `cost` tokens (default 1). */
  take(principal: string, cost?: number): Promise<RateDecision>;
}
