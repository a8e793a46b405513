import { UnitOfWork } from '../../../lib/store/unit-of-work';
import { shipmentIndex } from '../store/keys';
import { ShipmentProjection } from '../store/shipment-projection';
import { Breach, openBreaches } from './sla-rules';

/** Index member of an open breach: ordered by due time, so the listing is oldest-due first. */
export function breachMember(shipmentId: string, breach: Pick<Breach, 'dueAt' | 'code'>): string {
  return `${breach.dueAt}|${shipmentId}|${breach.code}`;
}

export function parseBreachMember(member: string): { dueAt: string; shipmentId: string; code: string } {
  const [dueAt, ...rest] = member.split('|');
  const code = rest.pop() as string;
  return { dueAt, shipmentId: rest.join('|'), code };
}

/**
 * Keeps the open-breach index in step with a shipment's facts: a breach enters when its event is
 * applied and leaves when the late event arrives. Pure in the facts, so replays index the same.
 */
export function syncBreachIndex(uow: UnitOfWork, before: ShipmentProjection, after: ShipmentProjection): void {
  const was = new Set(openBreaches(before.facts).map((b) => breachMember(before.id, b)));
  const now = new Set(openBreaches(after.facts).map((b) => breachMember(after.id, b)));
  for (const member of was) if (!now.has(member)) uow.unindex(shipmentIndex.slaOpen, member);
  for (const member of now) if (!was.has(member)) uow.index(shipmentIndex.slaOpen, member);
}
