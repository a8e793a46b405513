import { DEFAULTS as SETTING_DEFAULTS } from '../settings';

/** Tuning of a Redis consumption; each default suits production, tests shorten the waits. */
export interface RedisConsumptionOptions {
  /**
   * Backstop for a live but stuck consumer: entries pending with it this long are claimed by
   * another (`LADING_CLAIM_IDLE`). A consumer that died is noticed by its heartbeat instead, in seconds.
   */
  claimIdleMs: number;
  /** How often a consumer renews its heartbeat and looks for dead consumers' entries (default 1 s). */
  heartbeatMs: number;
  /** A heartbeat not renewed for this long means its consumer died (default 5 s). */
  heartbeatTtlMs: number;
  /** Entries fetched per read (default 500). */
  batchSize: number;
  /** Entries handled at once, across aggregates (default 512); one aggregate's entries run one at a time. */
  parallel: number;
  /** Consecutive entries of one aggregate handled as one at most (default 100). */
  runLength: number;
  /**
   * After a read that returned fewer entries than `batchSize` (the consumer has caught up), wait
   * this long before reading again, so entries arriving meanwhile are read, applied and
   * acknowledged together (default 20 ms; 0 reads again at once). Adds at most this much latency.
   */
  readLingerMs: number;
  /** Pause after an error (Redis away) before trying again (default 500 ms). */
  retryDelayMs: number;
  /** How long `dispose` waits for running handlers (default 5 s); their entries then stay pending, to be claimed. */
  disposeTimeoutMs: number;
}

const DEFAULTS: RedisConsumptionOptions = {
  claimIdleMs: SETTING_DEFAULTS.LADING_CLAIM_IDLE,
  heartbeatMs: 1_000,
  heartbeatTtlMs: 5_000,
  batchSize: 500,
  parallel: 512,
  runLength: 100,
  readLingerMs: 20,
  retryDelayMs: 500,
  disposeTimeoutMs: 5_000,
};

/** The defaults, overridden by every option given (an `undefined` one keeps its default). */
export function resolveConsumptionOptions(given: Partial<RedisConsumptionOptions>): RedisConsumptionOptions {
  const defined = Object.entries(given).filter(([, value]) => value !== undefined);
  return { ...DEFAULTS, ...(Object.fromEntries(defined) as Partial<RedisConsumptionOptions>) };
}
