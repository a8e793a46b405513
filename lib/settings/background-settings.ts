import { count, duration, flag, ports, positiveDuration } from './kinds';
import { optional, setting } from './setting';

/** Webhook delivery by the transport subgraph (docs/webhooks.md). */
export const WEBHOOK_SETTINGS = {
  LADING_WEBHOOK_ALLOW_PRIVATE: setting(flag, 'false', {
    group: 'webhooks',
    main: true,
    doc: 'Let endpoints target loopback and private addresses, and plain http: local development and tests.',
  }),
  LADING_WEBHOOK_ALLOWED_PORTS: optional(ports, 'only 443 (https); any port with LADING_WEBHOOK_ALLOW_PRIVATE', {
    group: 'webhooks',
    doc: "Ports webhook targets may use besides their scheme's own (443): e.g. 8443 for receivers that listen there.",
  }),
  LADING_WEBHOOK_RETRY_PERIOD: setting(positiveDuration, '24h', {
    group: 'webhooks',
    doc: 'How long a delivery is retried before it is dead-lettered.',
  }),
  LADING_WEBHOOK_RETRY_BASE: setting(positiveDuration, '5s', {
    group: 'webhooks',
    doc: 'First retry delay; each further one doubles, with full jitter, up to LADING_WEBHOOK_MAX_BACKOFF.',
  }),
  LADING_WEBHOOK_MAX_BACKOFF: setting(positiveDuration, '1h', {
    group: 'webhooks',
    doc: 'Longest delay between two attempts of one delivery.',
  }),
  LADING_WEBHOOK_TIMEOUT: setting(positiveDuration, '10s', { group: 'webhooks', doc: "One attempt's timeout, connect to last byte." }),
  LADING_WEBHOOK_CONCURRENCY: setting(count, '1', {
    group: 'webhooks',
    doc: 'Deliveries in flight per endpoint: 1 keeps strict order per endpoint; above 1, order holds per shipment.',
  }),
  LADING_WEBHOOK_CIRCUIT_FAILURES: setting(count, '5', {
    group: 'webhooks',
    doc: "Consecutive failed attempts that open an endpoint's circuit, pausing its deliveries.",
  }),
  LADING_WEBHOOK_CIRCUIT_COOLDOWN: setting(positiveDuration, '30s', {
    group: 'webhooks',
    doc: 'How long an open circuit pauses an endpoint before one attempt is let through.',
  }),
  LADING_WEBHOOK_POLL: setting(positiveDuration, '1s', {
    group: 'webhooks',
    doc: 'How often queues are looked at besides being woken by new deliveries.',
  }),
  LADING_WEBHOOK_LEASE: setting(positiveDuration, '15s', {
    group: 'webhooks',
    doc: "How long an instance owns an endpoint's queue without renewing: another takes over after a crash.",
  }),
};

/** Limits of the SLA rules and their scheduler in the transport subgraph (docs/governance.md). */
export const SLA_SETTINGS = {
  LADING_SLA_NO_CARRIER_UPDATE: setting(duration, '24h', {
    group: 'sla',
    doc: 'In transit or out for delivery with no carrier (TMS) update for this long: SLA_NO_CARRIER_UPDATE.',
  }),
  LADING_SLA_ACCRUAL: setting(duration, '1h', {
    group: 'sla',
    doc: 'Delivered without a freight accrual for this long: SLA_ACCRUAL_LATE.',
  }),
  LADING_SLA_INVOICE: setting(duration, '7d', {
    group: 'sla',
    doc: 'Delivered and no customer invoice approved for this long: SLA_NOT_INVOICED.',
  }),
  LADING_SLA_HELD_EVENT: setting(duration, '1h', {
    group: 'sla',
    doc: 'An event held for an unknown aggregate this long: SLA_HELD_EVENT.',
  }),
  LADING_SLA_INTERVAL: setting(duration, '1m', {
    group: 'sla',
    doc: 'The longest the scheduler waits between evaluations (it also wakes when a breach falls due); 0 turns it off.',
  }),
};
