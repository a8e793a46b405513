import { canSeeCustomer } from '../../../lib/identity/identity';
import { carrierCodesOfStatus } from '../../../lib/carriers/carrier-codes';
import type { TransportContext } from '../context';
import { discrepanciesAt } from '../domain/discrepancies-at';
import { milestoneOf } from '../domain/milestone';
import type { ShipmentView } from '../domain/shipment-projection';

export const Shipment = {
  /** Entity references obey the same tenant rule as root fields: another customer's shipment is null. */
  async __resolveReference(reference: { id: string }, context: TransportContext) {
    const shipment = await context.loaders.shipment.load(reference.id);
    return shipment && context.identity && canSeeCustomer(context.identity, shipment.customerId) ? shipment : null;
  },
  // ERP facts carried by events (erp.order.created/released): served here so orders being down costs a
  // portal's list only the order fields transport does not keep.
  number: (s: ShipmentView) => s.number,
  order: (s: ShipmentView) => ({ id: s.orderId, number: s.orderNumber, customer: { id: s.customerId } }),
  status: (s: ShipmentView) => s.derived.status,
  statusUpdatedAt: (s: ShipmentView) => s.derived.statusUpdatedAt,
  exception: (s: ShipmentView) => s.derived.exception,
  eta: (s: ShipmentView) => s.derived.eta,
  transport: (s: ShipmentView) => s.derived.transport,
  discrepancies: (s: ShipmentView, _: unknown, context: TransportContext) =>
    discrepanciesAt(s, context.governance.clock.now(), context.governance.sla),
  statusCarrierCodes: (s: ShipmentView) => carrierCodesOfStatus(s.derived.status),
  timeline: async (s: ShipmentView, _: unknown, context: TransportContext) => (await context.loaders.timeline.load(s.id)).map(milestoneOf),
};
