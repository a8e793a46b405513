import { EventType, eventKey } from '../../../lib/events/types';
import { SYSTEM_OF_RECORD_NAMES } from '../../../lib/subgraph-names';
import type { TransportContext } from '../context';
import { shipmentIndex } from '../store/keys';
import type { ShipmentProjection } from '../domain/shipment-projection';
import { openSlaBreaches } from '../sla/open-breaches';
import { scanLog } from '../../../lib/events/log-scan';

type Counts = { key: string; count: number }[];

function countBy<T>(items: readonly T[], key: (item: T) => string): Counts {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

/** The machine word a dead-letter reason begins with (docs/contract.md §8), for older free-text reasons too. */
export function reasonWord(reason: string): string {
  if (reason.startsWith('apply failed')) return 'apply_failed';
  if (reason.startsWith('conflicting duplicate')) return 'conflicting_duplicate';
  const word = /^([a-z_]+)(?::|$)/.exec(reason);
  return word ? word[1] : 'invalid';
}

/** The completion funnel: each stage is reached when one of its event types is among the facts. */
const FUNNEL: { stage: string; reachedBy: EventType[] }[] = [
  { stage: 'ORDERED', reachedBy: [EventType.OrderReleased] },
  {
    stage: 'SHIPPED',
    reachedBy: [EventType.PickedUp, EventType.InTransit, EventType.OutForDelivery, EventType.AvailableForPickup, EventType.Delivered],
  },
  { stage: 'DELIVERED', reachedBy: [EventType.Delivered] },
  { stage: 'ACCRUED', reachedBy: [EventType.AccrualCreated] },
  { stage: 'INVOICED', reachedBy: [EventType.InvoiceApproved] },
  { stage: 'PAID', reachedBy: [EventType.PaymentReceived] },
];
const STUCK_IDS = 10;
const PAGE = 500;

/** A shipment and the funnel stages its facts reach (the facts themselves are not kept). */
interface FunnelShipment {
  shipment: ShipmentProjection;
  reached: boolean[];
}

/** Every shipment, a page at a time: the projections and their timelines in one batched read each. */
async function allShipments(context: TransportContext): Promise<FunnelShipment[]> {
  const { store } = context;
  const shipments: FunnelShipment[] = [];
  for (let after: string | undefined; ;) {
    const ids = await store.documents.range(shipmentIndex.all, { after, first: PAGE });
    const [projections, timelines] = await Promise.all([store.getShipments(ids), store.getTimelines(ids)]);
    projections.forEach((shipment, i) => {
      if (!shipment) return;
      const types = new Set(timelines[i].map((f) => f.type));
      shipments.push({ shipment, reached: FUNNEL.map(({ reachedBy }) => reachedBy.some((t) => types.has(t))) });
    });
    if (ids.length < PAGE) return shipments;
    after = ids[ids.length - 1];
  }
}

/** Everything the operations page shows, derived from the log and the stores at one moment. */
export async function operationsOverview(context: TransportContext) {
  const { pipeline, governance } = context;
  const now = governance.clock.now();
  const seen = new Set<string>();
  const accepted: EventType[] = [];
  let replayed = 0;
  const logLength = await scanLog(pipeline.log, (entry) => {
    const key = eventKey(entry.event);
    if (seen.has(key)) replayed++;
    else {
      seen.add(key);
      accepted.push(entry.event.type);
    }
  });
  const [progress, heldMembers, letterIds, breaches, shipments] = await Promise.all([
    Promise.all(SYSTEM_OF_RECORD_NAMES.map(async (subgraph) => ({ subgraph, ...(await pipeline.log.progress(subgraph)) }))),
    pipeline.held.members(undefined, 10_000),
    pipeline.deadLetters.ids(undefined, 10_000),
    openSlaBreaches(context.store.documents, pipeline, governance),
    allShipments(context),
  ]);
  const held = (await pipeline.held.byMembers(heldMembers)).filter((h) => h !== null);
  const letters = (await pipeline.deadLetters.getMany(letterIds)).filter((l) => l !== null);
  return {
    generatedAt: new Date(now).toISOString(),
    logLength,
    subgraphs: progress.map((p) => ({
      subgraph: p.subgraph,
      backlog: p.backlog,
      lagSeconds: p.oldestRecordedAt ? Math.max(0, (now - Date.parse(p.oldestRecordedAt)) / 1000) : 0,
    })),
    eventsByType: [
      ...countBy(accepted, (t) => t),
      ...countBy(
        letters.filter((l) => l.consumer === null),
        (l) => `rejected:${reasonWord(l.reason)}`,
      ),
    ],
    replayedEntries: replayed,
    heldByReason: countBy(held, (h) => /waiting for ([\w.]+)/.exec(h.reason)?.[1] ?? h.reason),
    deadLettersByReason: countBy(letters, (l) => reasonWord(l.reason)),
    slaBreachesByCode: countBy(breaches, (b) => b.code),
    discrepanciesByCode: countBy(
      shipments.flatMap((s) => s.shipment.derived.discrepancies),
      (d) => d.code,
    ),
    funnel: FUNNEL.map(({ stage }, i) => {
      const at = shipments.filter((s) => s.reached[i]);
      const stuck = i + 1 < FUNNEL.length ? at.filter((s) => !s.reached[i + 1] && s.shipment.derived.status !== 'CANCELLED') : [];
      return { stage, count: at.length, stuck: stuck.length, stuckIds: stuck.slice(0, STUCK_IDS).map((s) => s.shipment.id) };
    }),
  };
}
