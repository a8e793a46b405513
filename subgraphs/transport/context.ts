import { EventPipeline } from '../../lib/events/pipeline';
import { GovernanceOptions } from '../../lib/governance';
import { EventTracer } from './governance/event-trace';
import { Identity } from '../../lib/identity/identity';
import { TransportLoaders } from './loaders';
import { TransportStore } from './store/transport-store';
import { ShipmentUpdateFeed } from './subscriptions/shipment-update-feed';

export interface TransportContext {
  identity: Identity | null;
  loaders: TransportLoaders;
  store: TransportStore;
  pipeline: EventPipeline;
  updates: ShipmentUpdateFeed;
  tracer: EventTracer;
  governance: GovernanceOptions;
}
