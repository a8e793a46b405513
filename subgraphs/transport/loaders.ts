import DataLoader from 'dataloader';
import { TransportStore } from './store/transport-store';
import { ShipmentProjection } from './store/shipment-projection';

export interface TransportLoaders {
  shipment: DataLoader<string, ShipmentProjection | null>;
}

/** Fresh per request, so that batching and caching never cross requests or tenants. */
export function createTransportLoaders(store: TransportStore): TransportLoaders {
  return {
    shipment: new DataLoader((ids) => store.getShipments(ids)),
  };
}
