/** How webhooks are delivered (docs/webhooks.md); every value comes from lib/config.ts. */
export interface WebhookSettings {
  /** Let endpoints target loopback and private addresses (`LADING_WEBHOOK_ALLOW_PRIVATE`, default false); also allows plain http. */
  allowPrivateTargets: boolean;
  /** How long a delivery is retried before it is dead-lettered (`LADING_WEBHOOK_RETRY_PERIOD`, default 24h). */
  retryPeriodMs: number;
  /** First retry delay; each further one doubles, with full jitter, up to `maxBackoffMs` (`LADING_WEBHOOK_RETRY_BASE`, default 5s). */
  retryBaseMs: number;
  /** Cap of one retry delay (default 1h). */
  maxBackoffMs: number;
  /** One attempt's timeout, connect to last byte (`LADING_WEBHOOK_TIMEOUT`, default 10s). */
  timeoutMs: number;
  /** Deliveries in flight per endpoint (`LADING_WEBHOOK_CONCURRENCY`, default 1: strict order per endpoint; above 1, order holds per shipment). */
  concurrency: number;
  /** Consecutive failures that open an endpoint's circuit, pausing it for `circuitCooldownMs` (default 5 and 30s). */
  circuitThreshold: number;
  circuitCooldownMs: number;
  /** How long an instance owns an endpoint's queue without renewing (default 15s): another instance takes over after a crash. */
  leaseMs: number;
  /** How often queues are looked at besides being woken by new deliveries (default 1s). */
  pollMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  allowPrivateTargets: false,
  retryPeriodMs: 24 * 3_600_000,
  retryBaseMs: 5_000,
  maxBackoffMs: 3_600_000,
  timeoutMs: 10_000,
  concurrency: 1,
  circuitThreshold: 5,
  circuitCooldownMs: 30_000,
  leaseMs: 15_000,
  pollMs: 1_000,
};
