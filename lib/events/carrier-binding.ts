import type { CanonicalEvent } from './types';
import { EventType, aggregateKindOf } from './types';

/**
 * What a carrier-bound principal's event may do (docs/carriers.md, "Carriers report on their own
 * shipments"): go on when its shipment was tendered to one of the principal's carriers, wait for
 * the tender when there is none yet, or be refused. Reasons name the event's shipment and the
 * principal's own carriers, never the carrier, order or customer the shipment belongs to.
 */
export type CarrierVerdict = { kind: 'allowed' } | { kind: 'await_tender'; reason: string } | { kind: 'refused'; reason: string };

export const CARRIER_NOT_ASSIGNED = 'carrier_not_assigned';

/**
 * `tenderedTo`: the SCACs the shipment was tendered to, null while it has not been tendered.
 * Only shipment events are a carrier's to send, and a tender is the shipper's act, never the carrier's.
 */
export function carrierVerdict(
  event: Pick<CanonicalEvent, 'type' | 'subject'>,
  carriers: readonly string[],
  tenderedTo: readonly string[] | null,
): CarrierVerdict {
  if (aggregateKindOf(event.type) !== 'shipment')
    return { kind: 'refused', reason: `${CARRIER_NOT_ASSIGNED}: a carrier integration reports on shipments only, not ${event.type}` };
  if (event.type === EventType.ShipmentTendered)
    return {
      kind: 'refused',
      reason: `${CARRIER_NOT_ASSIGNED}: a carrier integration cannot tender shipments; tenders come from the shipper`,
    };
  const mine = carriers.length > 0 ? carriers.join(', ') : 'none';
  if (tenderedTo === null)
    return {
      kind: 'await_tender',
      reason: `shipment ${event.subject} is not tendered yet: held until its tender, then checked against carriers ${mine}`,
    };
  if (tenderedTo.some((scac) => carriers.includes(scac))) return { kind: 'allowed' };
  return { kind: 'refused', reason: `${CARRIER_NOT_ASSIGNED}: shipment ${event.subject} is not tendered to carriers ${mine}` };
}
