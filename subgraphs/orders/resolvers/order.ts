import type { ShipmentRef } from '../../../lib/events/directory';
import { canSeeCustomer } from '../../../lib/identity/identity';
import type { CustomerResolvers, OrderResolvers } from '../generated/resolvers';
import { loadVisibleOrder } from './query';

export const Order: OrderResolvers = {
  __resolveReference: (reference, context) => loadVisibleOrder(context, reference.id),
  // Spelled out so that tsc holds the domain's statuses to the SDL enum (generated/resolvers.ts).
  status: (order) => order.status,
  async shipments(order, _, context) {
    const refs = await context.loaders.shipment.loadMany(order.shipmentIds);
    return refs.filter((r): r is ShipmentRef => r !== null && !(r instanceof Error));
  },
};

export const Customer: CustomerResolvers = {
  async __resolveReference(reference, context) {
    if (!context.identity || !canSeeCustomer(context.identity, reference.id)) return null;
    return context.loaders.customer.load(reference.id);
  },
};
