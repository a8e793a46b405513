/** Where a circuit breaker is; the numbers are what the `lading_subgraph_breaker_state` gauge shows for subgraphs. */
export enum BreakerState {
  Closed = 0,
  HalfOpen = 1,
  Open = 2,
}

export interface BreakerOptions {
  /** Consecutive failures (errors or timeouts) that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker fails fast before it lets one probe through. */
  cooldownMs: number;
  /** Told about every change of state (metrics, logs). */
  onStateChange?(state: BreakerState): void;
  now?: () => number;
}

/**
 * Consecutive-failure circuit breaker for one dependency (a subgraph, a webhook endpoint). Closed:
 * everything passes. After `failureThreshold` failures in a row it opens: calls fail fast, so a dead or
 * hung dependency costs a caller nothing instead of a timeout each. After `cooldownMs` one call is let through as a probe
 * (half-open): its success closes the breaker, its failure opens it for another cooldown. Pure: the
 * caller reports outcomes, so it is tested without sockets or timers.
 */
export class CircuitBreaker {
  private current = BreakerState.Closed;
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Whether calls fail fast now (open, within its cooldown). Changes nothing: for reports and schedulers that only look. */
  get failingFast(): boolean {
    return this.current === BreakerState.Open && this.now() - this.openedAt < this.options.cooldownMs;
  }

  /** Whether a call may go ahead now; a `true` in half-open state makes that call the probe. */
  tryAcquire(): boolean {
    if (this.current === BreakerState.Closed) return true;
    if (this.current === BreakerState.Open) {
      if (this.now() - this.openedAt < this.options.cooldownMs) return false;
      this.moveTo(BreakerState.HalfOpen);
    }
    // Half-open: exactly one probe at a time; the rest keep failing fast until it reports.
    if (this.probing) return false;
    this.probing = true;
    return true;
  }

  onSuccess(): void {
    this.failures = 0;
    this.probing = false;
    if (this.current !== BreakerState.Closed) this.moveTo(BreakerState.Closed);
  }

  onFailure(): void {
    this.probing = false;
    this.failures += 1;
    if (
      this.current === BreakerState.HalfOpen ||
      (this.current === BreakerState.Closed && this.failures >= this.options.failureThreshold)
    ) {
      this.openedAt = this.now();
      this.moveTo(BreakerState.Open);
    }
  }

  private moveTo(state: BreakerState): void {
    this.current = state;
    this.options.onStateChange?.(state);
  }
}
