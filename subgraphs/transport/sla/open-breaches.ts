import type { EventPipeline } from '../../../lib/events/pipeline';
import type { SourceSystem } from '../../../lib/events/types';
import { sourceSystemOf } from '../../../lib/events/types';
import type { GovernanceOptions } from '../../../lib/governance';
import type { DocumentStore } from '../../../lib/store/document-store';
import { SHIPMENTS, shipmentIndex } from '../store/keys';
import type { ShipmentProjection } from '../domain/shipment-projection';
import { parseBreachMember, slaSignsOf } from './breach-members';
import { SlaCode } from '../../../lib/sla/sla-catalogue';
import { openBreaches } from '../domain/sla-signs';

/** One row of `slaBreaches`; `key` orders the listing (oldest due first) and is its cursor. */
export interface SlaBreachRow {
  key: string;
  code: string;
  rule: string;
  message: string;
  shipmentId: string | null;
  eventKey: string | null;
  since: string;
  dueAt: string;
  systems: SourceSystem[];
}

const MAX_ROWS = 10_000;

/**
 * Open breaches: shipment breaches from their index (kept by the projection, cleared by the late
 * event), and events held past the held-event limit, derived from the held store and the clock.
 */
export async function openSlaBreaches(
  documents: DocumentStore,
  pipeline: EventPipeline,
  governance: GovernanceOptions,
): Promise<SlaBreachRow[]> {
  const members = await documents.range(shipmentIndex.slaOpen, { first: MAX_ROWS });
  const parsed = members.map(parseBreachMember);
  const shipments = await documents.getMany<ShipmentProjection>(SHIPMENTS, [...new Set(parsed.map((p) => p.shipmentId))]);
  const byId = new Map(shipments.filter((s): s is ShipmentProjection => s !== null).map((s) => [s.id, s]));
  const rows: SlaBreachRow[] = [];
  members.forEach((member, i) => {
    const { shipmentId, code } = parsed[i];
    const shipment = byId.get(shipmentId);
    const breach = shipment && openBreaches(slaSignsOf(shipment)).find((b) => b.code === code && b.dueAt === parsed[i].dueAt);
    if (!breach) return;
    rows.push({
      key: member,
      code,
      rule: code.slice(4),
      message: breach.message,
      shipmentId,
      eventKey: null,
      since: breach.since,
      dueAt: breach.dueAt,
      systems: breach.systems,
    });
  });
  const limit = governance.sla.heldEventMs;
  const cutoff = new Date(governance.clock.now() - limit).toISOString();
  const heldMembers = (await pipeline.held.members(undefined, MAX_ROWS)).filter((m) => m.slice(0, m.indexOf('|')) <= cutoff);
  for (const held of await pipeline.held.byMembers(heldMembers)) {
    if (!held) continue;
    const dueAt = new Date(Date.parse(held.heldAt) + limit).toISOString();
    rows.push({
      key: `${dueAt}|${held.key}|${SlaCode.HeldEvent}`,
      code: SlaCode.HeldEvent,
      rule: 'HELD_EVENT',
      message: `Held longer than the SLA: ${held.reason}`,
      shipmentId: null,
      eventKey: held.key,
      since: held.heldAt,
      dueAt,
      systems: [sourceSystemOf(held.entry.event.type)],
    });
  }
  return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
