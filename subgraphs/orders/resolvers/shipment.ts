import { ShipmentRef } from '../../../lib/events/directory';
import { canSeeCustomer } from '../../../lib/identity/identity';
import { OrdersContext } from '../context';
import { loadVisibleOrder } from './query';

export const Shipment = {
  async __resolveReference(reference: { id: string }, context: OrdersContext) {
    const shipment = await context.loaders.shipment.load(reference.id);
    return shipment && context.identity && canSeeCustomer(context.identity, shipment.customerId) ? shipment : null;
  },
  order: (shipment: ShipmentRef, _: unknown, context: OrdersContext) => loadVisibleOrder(context, shipment.orderId),
};
