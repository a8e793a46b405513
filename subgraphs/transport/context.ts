import type { EventPipeline } from '../../lib/events/pipeline';
import type { GovernanceOptions } from '../../lib/governance';
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
  governance: GovernanceOptions;
}
