import type { Logger } from '../../../lib/logger';
import type { DocumentStore } from '../../../lib/store/document-store';
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

/** The webhook store's documents, kept whole in one slot (docs/redis-layout.md): a page of changes queues deliveries and moves the offset in one atomic commit. */
export function webhookDocuments(runtime: Pick<Runtime, 'documents'>): DocumentStore {
  return runtime.documents(WEBHOOK_NAMESPACE, 'whole');
}

export interface WebhookService {
  store: WebhookStore;
  settings: WebhookSettings;
  dispatcher: WebhookDispatcher;
  dispose(): Promise<void>;
}

/** Starts webhook delivery: deliveries are queued from the `shipments` change stream (lib/changes). */
export function startWebhooks(runtime: Runtime, settings: WebhookSettings, services: { logger: Logger; metrics: Metrics }): WebhookService {
  const logger = services.logger.child({ component: 'webhooks' });
  const store = new WebhookStore(webhookDocuments(runtime));
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
