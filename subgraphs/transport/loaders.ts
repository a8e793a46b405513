import DataLoader from 'dataloader';
import type { Fact } from './domain/fact';
import type { TransportStore } from './store/transport-store';
import type { ShipmentProjection } from './domain/shipment-projection';

export interface TransportLoaders {
  shipment: DataLoader<string, ShipmentProjection | null>;
  /** Facts live beside the projection (its size must not grow with history): a page's timelines are one read. */
  timeline: DataLoader<string, Fact[]>;
}

/** Fresh per request, so that batching and caching never cross requests or tenants. */
export function createTransportLoaders(store: TransportStore): TransportLoaders {
  return {
    shipment: new DataLoader((ids) => store.getShipments(ids)),
    timeline: new DataLoader((ids) => store.getTimelines(ids)),
  };
}
