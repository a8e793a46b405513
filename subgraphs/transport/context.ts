import type { GovernanceOptions } from '../../lib/governance';
import type { Identity } from '../../lib/identity/identity';
import type { TransportLoaders } from './loaders';
import type { TransportStore } from './store/transport-store';
import type { ShipmentUpdateFeed } from './subscriptions/shipment-update-feed';

export interface TransportContext {
  identity: Identity | null;
  loaders: TransportLoaders;
  store: TransportStore;
  updates: ShipmentUpdateFeed;
  governance: GovernanceOptions;
}
