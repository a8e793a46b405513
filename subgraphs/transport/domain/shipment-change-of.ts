import type { ShipmentChange } from '../../../lib/changes/shipment-change';
import type { Fact } from './fact';
import { milestoneOf } from './milestone';
import type { ShipmentProjection } from './shipment-projection';
import { slaSignsOf, unrecordedClocks } from './sla-signs';

/** The change-stream record of one fact folded into a shipment (its id is given at commit). */
export function shipmentChangeOf(shipment: ShipmentProjection, fact: Fact): Omit<ShipmentChange, 'id'> {
  const { derived } = shipment;
  const sla = slaSignsOf(shipment);
  return {
    shipmentId: shipment.id,
    customerId: shipment.customerId,
    version: shipment.version ?? 0,
    position: fact.position,
    factKey: fact.key,
    eventType: fact.type,
    milestone: milestoneOf(fact),
    shipment: {
      id: shipment.id,
      number: shipment.number,
      orderId: shipment.orderId,
      orderNumber: shipment.orderNumber,
      customerId: shipment.customerId,
      status: derived.status,
      statusUpdatedAt: derived.statusUpdatedAt,
      eta: derived.eta,
      exception: derived.exception,
      transport: derived.transport,
      discrepancies: derived.discrepancies,
    },
    sla,
    slaClocks: unrecordedClocks(sla, derived.status),
  };
}
