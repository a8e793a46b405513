import type { Logger } from '../../../lib/logger';
import type { Runtime } from '../../../lib/runtime/runtime';
import type { Metrics } from '../../../lib/server/metrics';
import type { WebhookSettings } from '../../../lib/webhook-settings';
import { WebhookDispatcher } from './dispatcher';
import { startEnqueuer } from './enqueuer';
import { WebhookSender } from './sender';
import { webhookMetrics } from './webhook-metrics';
import { WebhookStore } from './webhook-store';

/** Store namespace of endpoints, deliveries and leases. */
export const WEBHOOK_NAMESPACE = 'webhooks';

export interface WebhookService {
  store: WebhookStore;
  settings: WebhookSettings;
  dispatcher: WebhookDispatcher;
  dispose(): Promise<void>;
}

/** Starts webhook delivery: deliveries are queued from the `shipments` change stream (lib/changes). */
export function startWebhooks(runtime: Runtime, settings: WebhookSettings, services: { logger: Logger; metrics: Metrics }): WebhookService {
  const logger = services.logger.child({ component: 'webhooks' });
  const store = new WebhookStore(runtime.documents(WEBHOOK_NAMESPACE, 'whole'));
  const sender = new WebhookSender(settings);
  const dispatcher = new WebhookDispatcher(
    store,
    sender,
    settings,
    webhookMetrics(services.metrics, () => store.deadCount()),
    logger,
  );
  const enqueuer = startEnqueuer({ changes: runtime.changes, store, logger, onQueued: () => dispatcher.wake() });
  dispatcher.start();
  return {
    store,
    settings,
    dispatcher,
    async dispose() {
      await enqueuer.dispose();
      await dispatcher.dispose();
      await sender.dispose();
    },
  };
}
