import type { EventPipeline } from '../../../lib/events/pipeline';
import type { SourceSystem } from '../../../lib/events/types';
import { sourceSystemOf } from '../../../lib/events/types';
import type { GovernanceOptions } from '../../../lib/governance';
import { SlaCode } from '../../../lib/sla/sla-catalogue';
import { parseOpenMember } from './keys';
import type { ShipmentWatch } from './shipment-watch';

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
 * Open breaches: shipment breaches from the watch's index (kept from the change stream, cleared by
 * the late event), and events held past the held-event limit, derived from the held store and the clock.
 */
export async function openSlaBreaches(
  watch: ShipmentWatch,
  pipeline: EventPipeline,
  governance: GovernanceOptions,
): Promise<SlaBreachRow[]> {
  const members = await watch.openMembers(MAX_ROWS);
  const parsed = members.map(parseOpenMember);
  const shipments = await watch.get([...new Set(parsed.map((p) => p.shipmentId))]);
  const byId = new Map(shipments.filter((s) => s !== null).map((s) => [s.id, s]));
  const rows: SlaBreachRow[] = [];
  members.forEach((member, i) => {
    const { shipmentId, code, dueAt } = parsed[i];
    const breach = byId.get(shipmentId)?.open.find((b) => b.code === code && b.dueAt === dueAt);
    if (!breach) return;
    rows.push({
      key: member,
      code,
      rule: code.slice(4),
      message: breach.message,
      shipmentId,
      eventKey: null,
      since: breach.since,
      dueAt,
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
