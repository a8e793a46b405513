import type { Logger } from '../../../lib/logger';
import type { Runtime } from '../../../lib/runtime/runtime';
import type { Metrics } from '../../../lib/server/metrics';
import type { DocumentStore } from '../../../lib/store/document-store';
import type { WebhookSettings } from '../../../lib/webhook-settings';
import { WebhookDispatcher } from './dispatcher';
import { WebhookEnqueuer } from './enqueuer';
import { WebhookSender } from './sender';
import { webhookMetrics } from './webhook-metrics';
import { WebhookStore } from './webhook-store';

/** The event log consumer group that queues webhook deliveries. */
export const WEBHOOK_CONSUMER = 'webhooks';
/** Store namespace of endpoints, deliveries and leases. */
export const WEBHOOK_NAMESPACE = 'webhooks';

export interface WebhookService {
  store: WebhookStore;
  settings: WebhookSettings;
  dispatcher: WebhookDispatcher;
  dispose(): Promise<void>;
}

/** Starts webhook delivery beside the transport subgraph, whose projection each delivery is built from. */
export function startWebhooks(
  transport: DocumentStore,
  runtime: Runtime,
  settings: WebhookSettings,
  services: { logger: Logger; metrics: Metrics },
): WebhookService {
  const logger = services.logger.child({ component: 'webhooks' });
  const store = new WebhookStore(runtime.documents(WEBHOOK_NAMESPACE));
  const sender = new WebhookSender(settings);
  const dispatcher = new WebhookDispatcher(
    store,
    sender,
    settings,
    webhookMetrics(services.metrics, () => store.deadCount()),
    logger,
  );
  const enqueuer = new WebhookEnqueuer({
    transport,
    held: runtime.pipeline.held,
    store,
    settleTimeoutMs: 30_000,
    retentionMs: runtime.pipeline.retentionMs,
    logger,
    onQueued: () => dispatcher.wake(),
  });
  const consumption = runtime.pipeline.consume(WEBHOOK_CONSUMER, { apply: (entry) => enqueuer.handle(entry) });
  dispatcher.start();
  return {
    store,
    settings,
    dispatcher,
    async dispose() {
      await consumption.dispose();
      await dispatcher.dispose();
      await sender.dispose();
    },
  };
}
