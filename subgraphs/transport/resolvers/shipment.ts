import { canSeeCustomer } from '../../../lib/identity/identity';
import { carrierCodesOfStatus } from '../../../lib/carriers/carrier-codes';
import type { TransportContext } from '../context';
import { discrepanciesAt } from '../domain/discrepancies-at';
import { milestoneOf } from '../domain/milestone';
import type { ShipmentProjection } from '../domain/shipment-projection';

export const Shipment = {
  /** Entity references obey the same tenant rule as root fields: another customer's shipment is null. */
  async __resolveReference(reference: { id: string }, context: TransportContext) {
    const shipment = await context.loaders.shipment.load(reference.id);
    return shipment && context.identity && canSeeCustomer(context.identity, shipment.customerId) ? shipment : null;
  },
  // ERP facts carried by events (erp.order.created/released): served here so orders being down costs a
  // portal's list only the order fields transport does not keep.
  number: (s: ShipmentProjection) => s.number,
  order: (s: ShipmentProjection) => ({ id: s.orderId, number: s.orderNumber, customer: { id: s.customerId } }),
  status: (s: ShipmentProjection) => s.derived.status,
  statusUpdatedAt: (s: ShipmentProjection) => s.derived.statusUpdatedAt,
  exception: (s: ShipmentProjection) => s.derived.exception,
  eta: (s: ShipmentProjection) => s.derived.eta,
  transport: (s: ShipmentProjection) => s.derived.transport,
  discrepancies: (s: ShipmentProjection, _: unknown, context: TransportContext) =>
    discrepanciesAt(s, context.governance.clock.now(), context.governance.sla),
  statusCarrierCodes: (s: ShipmentProjection) => carrierCodesOfStatus(s.derived.status),
  timeline: async (s: ShipmentProjection, _: unknown, context: TransportContext) =>
    (await context.loaders.timeline.load(s.id)).map(milestoneOf),
};
