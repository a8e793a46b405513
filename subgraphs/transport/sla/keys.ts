import type { Breach } from '../../../lib/sla/sla-catalogue';

/** Store namespace of the SLA scheduler's own state (it reads no other subgraph's store). */
export const SLA_NAMESPACE = 'sla';
/** Per shipment: the version of the last change indexed, and its members in the due index. */
export const SLA_SHIPMENTS = 'slaShipments';
/** How far the scheduler has read each change stream: `{ after: <change id> }` by stream name. */
export const SLA_OFFSETS = 'slaOffsets';

export const slaIndex = {
  /** Breaches not recorded yet, by due time (members `<dueAt>|<shipment id>|<code>|<since>`). */
  due: 'sla:due',
};

export function dueMember(shipmentId: string, breach: Pick<Breach, 'dueAt' | 'code' | 'since'>): string {
  return `${breach.dueAt}|${shipmentId}|${breach.code}|${breach.since}`;
}

export function parseDueMember(member: string): { dueAt: string; shipmentId: string; code: string; since: string } {
  const parts = member.split('|');
  const since = parts.pop() as string;
  const code = parts.pop() as string;
  const [dueAt, ...id] = parts;
  return { dueAt, shipmentId: id.join('|'), code, since };
}
