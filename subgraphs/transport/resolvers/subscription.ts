import { requireIdentity } from '../../../lib/identity/identity';
import type { TransportContext } from '../context';
import type { ShipmentUpdate } from '../subscriptions/shipment-update';

export const shipmentSubscriptions = {
  shipmentUpdated: {
    subscribe: (_: unknown, args: { shipmentId?: string | null; after?: string | null }, context: TransportContext) =>
      context.updates.open({ identity: requireIdentity(context.identity), shipmentId: args.shipmentId, after: args.after }),
    resolve: (update: ShipmentUpdate) => update,
  },
};
