import type { EventType } from '../../../lib/events/types';
import { eventKey } from '../../../lib/events/types';
import { SYSTEM_OF_RECORD_NAMES } from '../../../lib/subgraph-names';
import { scanLog } from '../../../lib/events/log-scan';
import type { GovernanceContext } from '../context';
import { openSlaBreaches } from '../sla/open-breaches';
import type { WatchedShipment } from '../sla/shipment-watch';
import { FUNNEL } from './funnel';

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

const STUCK_IDS = 10;

/** Every shipment governance watches. */
async function allShipments(watch: GovernanceContext['watch']): Promise<WatchedShipment[]> {
  const all: WatchedShipment[] = [];
  for await (const page of watch.shipments()) all.push(...page);
  return all;
}

/** Everything the operations page shows, derived from the log, the pipeline's stores and the shipment watch at one moment. */
export async function operationsOverview(context: GovernanceContext) {
  const { pipeline, governance, watch } = context;
  // What the change stream brought since the watch last read it counts too.
  await watch.catchUp(context.changes);
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
    openSlaBreaches(watch, pipeline, governance),
    allShipments(watch),
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
      shipments.flatMap((s) => s.discrepancies),
      (code) => code,
    ),
    funnel: FUNNEL.map(({ stage }, i) => {
      const at = shipments.filter((s) => s.reached.includes(stage));
      const next = FUNNEL[i + 1]?.stage;
      const stuck = next ? at.filter((s) => !s.reached.includes(next) && s.status !== 'CANCELLED') : [];
      return { stage, count: at.length, stuck: stuck.length, stuckIds: stuck.slice(0, STUCK_IDS).map((s) => s.id) };
    }),
  };
}
