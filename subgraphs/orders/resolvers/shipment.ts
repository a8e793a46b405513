import { canSeeCustomer } from '../../../lib/identity/identity';
import type { ShipmentResolvers } from '../generated/resolvers';
import { requireVisibleOrder } from './query';

export const Shipment: ShipmentResolvers = {
  async __resolveReference(reference, context) {
    const shipment = await context.loaders.shipment.load(reference.id);
    return shipment && context.identity && canSeeCustomer(context.identity, shipment.customerId) ? shipment : null;
  },
  order: (shipment, _, context) => requireVisibleOrder(context, shipment.orderId),
};
