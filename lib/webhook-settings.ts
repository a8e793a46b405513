import type { SettingValues } from './settings';
import { DEFAULTS } from './settings';

/** How webhooks are delivered (docs/webhooks.md); each field is a `LADING_WEBHOOK_*` setting (lib/settings). */
export interface WebhookSettings {
  /** `LADING_WEBHOOK_ALLOW_PRIVATE`: endpoints may target loopback and private addresses, and plain http. */
  allowPrivateTargets: boolean;
  /** `LADING_WEBHOOK_RETRY_PERIOD`: how long a delivery is retried before it is dead-lettered. */
  retryPeriodMs: number;
  /** `LADING_WEBHOOK_RETRY_BASE`: first retry delay; each further one doubles, with full jitter, up to `maxBackoffMs`. */
  retryBaseMs: number;
  /** `LADING_WEBHOOK_MAX_BACKOFF`. */
  maxBackoffMs: number;
  /** `LADING_WEBHOOK_TIMEOUT`: one attempt, connect to last byte. */
  timeoutMs: number;
  /** `LADING_WEBHOOK_CONCURRENCY`: 1 keeps strict order per endpoint; above 1, order holds per shipment. */
  concurrency: number;
  /** `LADING_WEBHOOK_CIRCUIT_FAILURES` consecutive failures open an endpoint's circuit for `LADING_WEBHOOK_CIRCUIT_COOLDOWN`. */
  circuitThreshold: number;
  circuitCooldownMs: number;
  /** `LADING_WEBHOOK_LEASE`: another instance takes over a queue not renewed for this long. */
  leaseMs: number;
  /** `LADING_WEBHOOK_POLL`: how often queues are looked at besides being woken by new deliveries. */
  pollMs: number;
}

/** `LADING_WEBHOOK_*` as delivery takes them. */
export function webhookSettingsFrom(s: SettingValues): WebhookSettings {
  return {
    allowPrivateTargets: s.LADING_WEBHOOK_ALLOW_PRIVATE,
    retryPeriodMs: s.LADING_WEBHOOK_RETRY_PERIOD,
    retryBaseMs: s.LADING_WEBHOOK_RETRY_BASE,
    maxBackoffMs: s.LADING_WEBHOOK_MAX_BACKOFF,
    timeoutMs: s.LADING_WEBHOOK_TIMEOUT,
    concurrency: s.LADING_WEBHOOK_CONCURRENCY,
    circuitThreshold: s.LADING_WEBHOOK_CIRCUIT_FAILURES,
    circuitCooldownMs: s.LADING_WEBHOOK_CIRCUIT_COOLDOWN,
    leaseMs: s.LADING_WEBHOOK_LEASE,
    pollMs: s.LADING_WEBHOOK_POLL,
  };
}

/** The defaults of lib/settings, for callers (tests) that give only some settings. */
export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = webhookSettingsFrom(DEFAULTS);
