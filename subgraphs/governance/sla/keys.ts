import type { Runtime } from '../../../lib/runtime/runtime';
import type { Breach } from '../../../lib/sla/sla-catalogue';
import type { DocumentStore } from '../../../lib/store/document-store';

/** Store namespace of the shipment watch (what governance knows of shipments, from the change stream only). */
export const SLA_NAMESPACE = 'sla';

/**
 * The watch's store, kept whole in one slot (docs/redis-layout.md): a page of changes updates many
 * shipments and the offset in one atomic commit, which readers racing on the same page rely on.
 */
export function slaDocuments(runtime: Pick<Runtime, 'documents'>): DocumentStore {
  return runtime.documents(SLA_NAMESPACE, 'whole');
}
/** Per shipment: the last change watched (version, status, open breaches, discrepancies, funnel stages) and its index members. */
export const SLA_SHIPMENTS = 'slaShipments';
/** How far the watch has read each change stream: `{ after: <change id> }` by stream name. */
export const SLA_OFFSETS = 'slaOffsets';

export const slaIndex = {
  /** Breaches not recorded yet, by due time (members `<dueAt>|<shipment id>|<code>|<since>`). */
  due: 'sla:due',
  /** Recorded breaches whose late event has not arrived, by due time (members `<dueAt>|<shipment id>|<code>`). */
  open: 'sla:open',
  /** Every shipment watched. */
  shipments: 'sla:shipments',
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

/** Index member of an open breach: ordered by due time, so the listing is oldest due first. */
export function openMember(shipmentId: string, breach: Pick<Breach, 'dueAt' | 'code'>): string {
  return `${breach.dueAt}|${shipmentId}|${breach.code}`;
}

export function parseOpenMember(member: string): { dueAt: string; shipmentId: string; code: string } {
  const [dueAt, ...rest] = member.split('|');
  const code = rest.pop() as string;
  return { dueAt, shipmentId: rest.join('|'), code };
}
