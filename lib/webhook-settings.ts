import type { OptionsOf, OptionSource } from './settings';

/** How webhooks are delivered (docs/webhooks.md). */
export const WEBHOOK_DELIVERY = {
  /** Endpoints may target loopback and private addresses, and plain http. */
  allowPrivateTargets: 'LADING_WEBHOOK_ALLOW_PRIVATE',
  /** Ports targets may use besides their scheme's own; any port while private targets are allowed. */
  allowedPorts: 'LADING_WEBHOOK_ALLOWED_PORTS',
  retryPeriodMs: 'LADING_WEBHOOK_RETRY_PERIOD',
  /** First retry delay; each further one doubles, with full jitter, up to `maxBackoffMs`. */
  retryBaseMs: 'LADING_WEBHOOK_RETRY_BASE',
  maxBackoffMs: 'LADING_WEBHOOK_MAX_BACKOFF',
  /** One attempt, connect to last byte. */
  timeoutMs: 'LADING_WEBHOOK_TIMEOUT',
  /** 1 keeps strict order per endpoint; above 1, order holds per shipment. */
  concurrency: 'LADING_WEBHOOK_CONCURRENCY',
  /** Consecutive failures that open an endpoint's circuit for `circuitCooldownMs`. */
  circuitThreshold: 'LADING_WEBHOOK_CIRCUIT_FAILURES',
  circuitCooldownMs: 'LADING_WEBHOOK_CIRCUIT_COOLDOWN',
  /** Another instance takes over a queue not renewed for this long. */
  leaseMs: 'LADING_WEBHOOK_LEASE',
  /** How often queues are looked at besides being woken by new deliveries. */
  pollMs: 'LADING_WEBHOOK_POLL',
} as const satisfies OptionSource;
export type WebhookSettings = OptionsOf<typeof WEBHOOK_DELIVERY>;
