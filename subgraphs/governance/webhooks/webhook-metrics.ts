import { Counter, Histogram } from 'prom-client';
import type { Metrics } from '../../../lib/server/metrics';

/** Delivery attempts in the transport subgraph's /metrics: by result, and how long each took. */
export interface WebhookMetrics {
  attempts: Counter<'result'>;
  attemptSeconds: Histogram;
}

export function webhookMetrics(metrics: Metrics, deadCount: () => Promise<number>): WebhookMetrics {
  const registers = [metrics.registry];
  metrics.gaugeFrom('lading_webhook_dead_deliveries', 'Webhook deliveries dead after their retry period', deadCount);
  return {
    attempts: new Counter({
      name: 'lading_webhook_attempts_total',
      help: 'Webhook delivery attempts by result (delivered, failed, dead)',
      labelNames: ['result'],
      registers,
    }),
    attemptSeconds: new Histogram({
      name: 'lading_webhook_attempt_duration_seconds',
      help: 'Duration of webhook delivery attempts',
      buckets: [0.05, 0.1, 0.5, 1, 5, 10, 30],
      registers,
    }),
  };
}
