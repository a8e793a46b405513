/** Tuning of a Redis consumption; each default suits production, tests shorten the waits. */
export interface RedisConsumptionOptions {
  /** Entries pending this long with a consumer are taken to be orphaned by a dead one and claimed (default 30 s). */
  claimIdleMs: number;
  /** Entries fetched per read (default 50). */
  batchSize: number;
  /** Pause after an error (Redis away) before trying again (default 500 ms). */
  retryDelayMs: number;
  /** How long `dispose` waits for a running handler (default 5 s); its entry then stays pending, to be claimed. */
  disposeTimeoutMs: number;
}

const DEFAULTS: RedisConsumptionOptions = { claimIdleMs: 30_000, batchSize: 50, retryDelayMs: 500, disposeTimeoutMs: 5_000 };

/** The defaults, overridden by every option given (an `undefined` one keeps its default). */
export function resolveConsumptionOptions(given: Partial<RedisConsumptionOptions>): RedisConsumptionOptions {
  const defined = Object.entries(given).filter(([, value]) => value !== undefined);
  return { ...DEFAULTS, ...(Object.fromEntries(defined) as Partial<RedisConsumptionOptions>) };
}
