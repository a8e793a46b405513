/**
 * Expiring sets (deduplication entries, applied markers) are kept in generations of half the
 * retention window, each expiring as a whole: a per-entry expiry would need Redis 7.4 hash-field
 * TTLs (or a key per entry, ~100 bytes more each). An entry written in generation g lives until
 * its generation ends plus the window, so at least the window; a lookup checks the three
 * generations that can hold entries younger than the window.
 */
export interface Generations {
  /** The generation written now. */
  current: number;
  /** Generations a lookup must check, newest first. */
  live: number[];
  /** Time to live of the current generation from `now`. */
  ttlMs: number;
}

export function generationsAt(now: number, retentionMs: number): Generations {
  const span = Math.max(1, Math.floor(retentionMs / 2));
  const current = Math.floor(now / span);
  return { current, live: [current, current - 1, current - 2], ttlMs: (current + 1) * span + retentionMs - now };
}
