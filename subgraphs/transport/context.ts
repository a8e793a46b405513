import type { EventPipeline } from '../../lib/events/pipeline';
import type { GovernanceOptions } from '../../lib/governance';
import type DataLoader from 'dataloader';
import type { EventTrace, EventTracer } from './governance/event-trace';
import type { Identity } from '../../lib/identity/identity';
import type { TransportLoaders } from './loaders';
import type { TransportStore } from './store/transport-store';
import type { ShipmentUpdateFeed } from './subscriptions/shipment-update-feed';
import type { WebhookService } from './webhooks/webhook-service';

export interface TransportContext {
  identity: Identity | null;
  loaders: TransportLoaders;
  store: TransportStore;
  pipeline: EventPipeline;
  updates: ShipmentUpdateFeed;
  /** Webhook endpoints and deliveries; null where delivery is not running (graphql-ws contexts). */
  webhooks: WebhookService | null;
  tracer: EventTracer;
  /** Per request: traces the gateway comes back for (EventTrace entities), rebuilt with one scan of the log. */
  traces: DataLoader<{ source: string; id: string }, EventTrace | null, string>;
  governance: GovernanceOptions;
}
