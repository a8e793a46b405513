import type { RequestHandler } from 'express';
import { ErrorCode } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { identityOf } from '../auth/require-identity';
import type { RateLimiter } from '../../lib/rate-limit/rate-limiter';

/** 429 with `Retry-After` (seconds) once the caller's principal has spent its budget. */
export function rateLimit(limiter: RateLimiter, logger: Logger): RequestHandler {
  return async (_req, res, next) => {
    const principal = identityOf(res).sub;
    try {
      const decision = await limiter.take(principal);
      if (decision.allowed) return next();
      res.set('Retry-After', String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))));
      res.status(429).json({ errors: [{ message: 'rate limit exceeded; retry later', extensions: { code: ErrorCode.RateLimited } }] });
    } catch (error) {
      // The limiter's store is away: serve rather than fail every request; Redis outages are reported elsewhere.
      logger.warn('rate limiter unavailable; request let through', { error: (error as Error).message });
      next();
    }
  };
}
