/**
 * Exponential backoff with jitter: attempt n waits between half and all of base·2^(n-1), capped.
 * Jitter spreads the retries of many deliveries that failed together (a receiver outage).
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}
