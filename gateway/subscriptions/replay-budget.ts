import type { Identity, Role } from '../../lib/identity/identity';
import type { RateLimiter } from '../../lib/rate-limit/rate-limiter';

/** Replays of one principal at once; more wait for a slot. */
export const REPLAYS_PER_PRINCIPAL = 4;
/** A waiting replay looks at least this often whether its subscriber is gone, whatever the Retry-After. */
const MAX_WAIT_MS = 1000;

/**
 * What a principal's replays may cost: at most `concurrent` at once (the others wait their turn),
 * and every replayed update is taken from the principal's rate budget, the one its queries use, so
 * that one customer replaying the log slows itself down, not the other tenants.
 */
export class ReplayBudget {
  private readonly running = new Map<string, number>();
  private readonly queued = new Map<string, (() => void)[]>();

  constructor(
    private readonly concurrent: number,
    /** The bucket of a principal of each role, the one its queries use. */
    private readonly limiterFor?: (role: Role) => RateLimiter,
  ) {}

  /** Waits for a replay slot of `principal`; the returned function gives it back. */
  async slot(principal: string, gone: () => boolean): Promise<(() => void) | null> {
    while ((this.running.get(principal) ?? 0) >= this.concurrent) {
      await new Promise<void>((resolve) => this.queued.set(principal, [...(this.queued.get(principal) ?? []), resolve]));
      if (gone()) return null;
    }
    this.running.set(principal, (this.running.get(principal) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(principal) ?? 1) - 1;
      if (left > 0) this.running.set(principal, left);
      else this.running.delete(principal);
      const waiting = this.queued.get(principal);
      const next = waiting?.shift();
      if (waiting && waiting.length === 0) this.queued.delete(principal);
      next?.();
    };
  }

  /** Takes one replayed update from the principal's budget, waiting while it is spent. */
  async charge(identity: Identity, gone: () => boolean): Promise<void> {
    const limiter = this.limiterFor?.(identity.role);
    if (!limiter) return;
    for (;;) {
      let decision;
      try {
        decision = await limiter.take(identity.sub);
      } catch {
        return; // the limiter's store is away: as for queries, serve rather than stall
      }
      if (decision.allowed || gone()) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_WAIT_MS, decision.retryAfterMs)));
    }
  }
}
