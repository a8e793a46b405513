import { ErrorCode } from '../../lib/errors';
import type { Role } from '../../lib/identity/identity';
import type { Logger } from '../../lib/logger';
import type { PerRole } from '../../lib/settings/per-role';
import { forRole } from '../../lib/settings/per-role';
import type { RateLimiter } from '../../lib/rate-limit/rate-limiter';
import type { RefusalPacer } from './refusal-pacer';
import type { PipelinePlugin } from './types';
import { refuse } from './types';

export interface CostBudget {
  /** Estimated cost one token pays for (default 10): a single shipment costs 1 token, a page of 50 across subgraphs tens. */
  costPerToken: number;
  /** Most one operation may cost, per role (LADING_MAX_COST): one over it is refused, and charged 1 token like any refusal. */
  maxCost?: PerRole<number>;
}

/** Tokens an operation of this estimated cost is charged: at least 1. */
export function tokensFor(cost: number, budget: CostBudget): number {
  return Math.max(1, Math.ceil(cost / budget.costPerToken));
}

/**
 * Charges the principal's bucket (lib/rate-limit; its size and refill are its role's) the operation's
 * estimated cost, on every transport, so a tenant's heavy queries spend its own budget and not the
 * gateway's time for others. An operation over the limits (its role's LADING_MAX_COST included), or a
 * malformed one, is charged 1 token: it is refused, but a flood of them is still a flood. A balance of
 * at least 1 token admits an operation, which may leave the bucket in debt: a heavy operation within its
 * role's LADING_MAX_COST is paid for by waiting afterwards, never by being unrunnable. With a `pacer`, a 429 is held until its Retry-After
 * (bounded) before it is answered, so a client retrying at once cannot make refusals the gateway's work.
 */
export function useRateLimit(
  limiterFor: (role: Role) => RateLimiter,
  budget: CostBudget,
  logger: Logger,
  pacer?: RefusalPacer,
): PipelinePlugin {
  return {
    name: 'rate-limit',
    async onOperation(context) {
      const principal = context.identity?.sub;
      if (principal === undefined || !context.identity) return;
      const role = context.identity.role;
      const refused =
        context.invalid ||
        context.overLimit !== undefined ||
        (context.cost ?? 0) > forRole(budget.maxCost ?? Number.POSITIVE_INFINITY, role);
      const cost = refused ? 1 : tokensFor(context.cost ?? 1, budget);
      try {
        const decision = await limiterFor(role).take(principal, cost);
        if (decision.allowed) return;
        await pacer?.hold(principal, decision.retryAfterMs);
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        return refuse(429, ErrorCode.RateLimited, `rate limit exceeded; retry in ${seconds} s`, { 'Retry-After': String(seconds) });
      } catch (error) {
        // The limiter's store is away: serve rather than fail every request; Redis outages are reported elsewhere.
        logger.warn('rate limiter unavailable; request let through', { error: (error as Error).message });
      }
    },
  };
}
