import { NotFoundError } from '../../../lib/errors';
import { canSeeCustomer, requireIdentity } from '../../../lib/identity/identity';
import type { TransportContext } from '../context';
import type { ShipmentProjection } from '../domain/shipment-projection';

/** The shipment if it exists and the caller may see it; otherwise null (another customer's looks missing). */
export async function loadVisibleShipment(context: TransportContext, id: string): Promise<ShipmentProjection | null> {
  const identity = requireIdentity(context.identity);
  const shipment = await context.loaders.shipment.load(id);
  return shipment && canSeeCustomer(identity, shipment.customerId) ? shipment : null;
}

export async function requireVisibleShipment(context: TransportContext, id: string): Promise<ShipmentProjection> {
  const shipment = await loadVisibleShipment(context, id);
  if (!shipment) throw new NotFoundError('shipment', id);
  return shipment;
}
