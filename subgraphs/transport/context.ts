import { EventPipeline } from '../../lib/events/pipeline';
import { GovernanceOptions } from '../../lib/governance';
import { EventTracer } from './governance/event-trace';
import { Identity } from '../../lib/identity/identity';
import { TransportLoaders } from './loaders';
import { TransportStore } from './store/transport-store';
import { ShipmentUpdateFeed } from './subscriptions/shipment-update-feed';
import { WebhookService } from './webhooks/webhook-service';

export interface TransportContext {
  identity: Identity | null;
  loaders: TransportLoaders;
  store: TransportStore;
  pipeline: EventPipeline;
  updates: ShipmentUpdateFeed;
  /** Webhook endpoints and deliveries; null where delivery is not running (graphql-ws contexts). */
  webhooks: WebhookService | null;
  tracer: EventTracer;
  governance: GovernanceOptions;
}
