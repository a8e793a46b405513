import { ShipmentRef } from '../../../lib/events/directory';
import { canSeeCustomer } from '../../../lib/identity/identity';
import { OrdersContext } from '../context';
import { OrderRecord } from '../domain/order-record';
import { loadVisibleOrder } from './query';

export const Order = {
  __resolveReference: (reference: { id: string }, context: OrdersContext) => loadVisibleOrder(context, reference.id),
  async shipments(order: OrderRecord, _: unknown, context: OrdersContext): Promise<ShipmentRef[]> {
    const refs = await context.loaders.shipment.loadMany(order.shipmentIds);
    return refs.filter((r): r is ShipmentRef => r !== null && !(r instanceof Error));
  },
};

export const Customer = {
  async __resolveReference(reference: { id: string }, context: OrdersContext) {
    if (!context.identity || !canSeeCustomer(context.identity, reference.id)) return null;
    return context.loaders.customer.load(reference.id);
  },
};
