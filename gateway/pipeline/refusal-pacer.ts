/** How long a principal's budget refusals are held, and how many may be held at once. */
export interface PacingOptions {
  /** Longest a refusal is held (the gateway's `refusalPaceMs` limit; never longer than its Retry-After). 0 turns pacing off. */
  maxDelayMs: number;
  /** Refusals held at once for one principal; more are answered at once. */
  perPrincipal: number;
  /** Refusals held at once across the gateway, so pacing never holds unbounded sockets. */
  total: number;
}

/**
 * Bounds that are not settings: 16 held refusals per principal slow a client's parallel retry loops to
 * their Retry-After (measured: with 4, a flood from 8 loops kept 4 of them retrying at once, thousands of
 * refusals a minute); 1000 in total caps the sockets pacing may keep open at once.
 */
export const PACING_BOUNDS: Omit<PacingOptions, 'maxDelayMs'> = { perPrincipal: 16, total: 1000 };

/**
 * Holds a 429 until (at most) its Retry-After before answering it. Measured: a client that ignores
 * Retry-After and retries at once spends the gateway's time on refusals (hundreds a second, each
 * authenticated, estimated and written), and that, more than the heavy operations it is allowed,
 * is what slows other tenants. Held, a client with N requests in flight makes about N a second.
 * Bounded per principal and in total: past the bounds a refusal is answered at once.
 */
export class RefusalPacer {
  private readonly held = new Map<string, number>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; release: () => void }>();
  private total = 0;

  constructor(private readonly options: PacingOptions) {}

  /** Resolves when the refusal may be answered: after `retryAfterMs` (capped), or at once when the bounds are full. */
  hold(principal: string, retryAfterMs: number): Promise<void> {
    const delay = Math.min(retryAfterMs, this.options.maxDelayMs);
    const mine = this.held.get(principal) ?? 0;
    if (delay <= 0 || mine >= this.options.perPrincipal || this.total >= this.options.total) return Promise.resolve();
    this.held.set(principal, mine + 1);
    this.total++;
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => entry.release(), delay),
        release: () => {
          clearTimeout(entry.timer);
          this.timers.delete(entry);
          this.total--;
          const left = (this.held.get(principal) ?? 1) - 1;
          if (left > 0) this.held.set(principal, left);
          else this.held.delete(principal);
          resolve();
        },
      };
      this.timers.add(entry);
    });
  }

  /** Refusals held now (for one principal, or in total). */
  holding(principal?: string): number {
    return principal === undefined ? this.total : (this.held.get(principal) ?? 0);
  }

  /** Answers every held refusal now (shutdown). */
  dispose(): void {
    for (const entry of [...this.timers]) entry.release();
  }
}
