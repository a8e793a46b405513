import type { UnitOfWork } from '../../../lib/store/unit-of-work';
import { shipmentIndex } from '../store/keys';
import type { ShipmentProjection } from '../domain/shipment-projection';
import type { Breach } from '../../../lib/sla/sla-catalogue';
import type { SlaSigns } from '../domain/sla-signs';
import { noSlaSigns, openBreaches } from '../domain/sla-signs';

/** Index member of an open breach: ordered by due time, so the listing is oldest-due first. */
export function breachMember(shipmentId: string, breach: Pick<Breach, 'dueAt' | 'code'>): string {
  return `${breach.dueAt}|${shipmentId}|${breach.code}`;
}

export function parseBreachMember(member: string): { dueAt: string; shipmentId: string; code: string } {
  const [dueAt, ...rest] = member.split('|');
  const code = rest.pop() as string;
  return { dueAt, shipmentId: rest.join('|'), code };
}

/** A shipment's SLA signs, from its fold (constant size, whatever its history). */
export function slaSignsOf(shipment: Pick<ShipmentProjection, 'fold'>): SlaSigns {
  return shipment.fold.signs.sla ?? noSlaSigns();
}

/**
 * Keeps the open-breach index in step with a shipment's fold: a breach enters when its event is
 * applied and leaves when the late event arrives. Pure in the facts, so replays index the same;
 * bounded work per applied event (the fold keeps only open breaches).
 */
export function syncBreachIndex(uow: UnitOfWork, before: ShipmentProjection, after: ShipmentProjection): void {
  const was = new Set(openBreaches(slaSignsOf(before)).map((b) => breachMember(before.id, b)));
  const now = new Set(openBreaches(slaSignsOf(after)).map((b) => breachMember(after.id, b)));
  for (const member of was) if (!now.has(member)) uow.unindex(shipmentIndex.slaOpen, member);
  for (const member of now) if (!was.has(member)) uow.index(shipmentIndex.slaOpen, member);
}
