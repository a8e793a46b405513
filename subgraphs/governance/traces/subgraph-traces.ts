import type { EventApplication } from '../../../lib/events/event-application';
import type { SystemOfRecordName } from '../../../lib/subgraph-names';
import { SYSTEM_OF_RECORD_NAMES } from '../../../lib/subgraph-names';
import type { TraceLog, TraceOutcome } from './event-trace';

export interface TraceStep {
  outcome: TraceOutcome;
  at: string | null;
  reason: string | null;
  position: string | null;
}

export interface SubgraphTrace {
  subgraph: SystemOfRecordName;
  /** Where the event stands in this subgraph now. */
  outcome: TraceOutcome;
  steps: TraceStep[];
  appliedAt: string | null;
  /** From the event's `time` (occurrence) to its application here. */
  lagSeconds: number | null;
}

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;
const byTime = (a: TraceStep, b: TraceStep) => ((a.at ?? '') < (b.at ?? '') ? -1 : (a.at ?? '') > (b.at ?? '') ? 1 : 0);

/**
 * One entry per subgraph that consumes the event's type, from what each answered for its own store
 * (`applications`) and what the log holds (entries, held event, dead letters). Pure: the owner of the
 * trace gathers the inputs, through the graph for the subgraphs' part.
 */
export function subgraphTraces(
  log: TraceLog,
  applications: Partial<Record<SystemOfRecordName, EventApplication>>,
  retentionMs: number,
  now: number,
): SubgraphTrace[] {
  const { entries, held, letters } = log;
  if (entries.length === 0) return [];
  const occurredAt = new Date(entries[0].event.time).toISOString();
  const beyondWindow = Date.parse(entries[0].recordedAt) < now - retentionMs;
  return SYSTEM_OF_RECORD_NAMES.flatMap((subgraph): SubgraphTrace[] => {
    const application = applications[subgraph];
    if (!application?.consumes) return [];
    const { appliedAt, position } = application;
    const applied = appliedAt !== null && position !== null ? { appliedAt, position } : null;
    const steps: TraceStep[] = [];
    if (application.heldAt !== null)
      steps.push({ outcome: 'HELD', at: application.heldAt, reason: application.heldReason, position: null });
    const heldHere = held?.consumers.includes(subgraph) ?? false;
    if (held && heldHere) steps.push({ outcome: 'HELD', at: held.heldAt, reason: held.reason, position: held.entry.position });
    const mine = letters.filter((l) => l.consumer?.split(',').includes(subgraph));
    for (const l of mine) steps.push({ outcome: 'DEAD_LETTERED', at: l.deadAt, reason: l.reason, position: null });
    if (applied) {
      steps.push({ outcome: 'APPLIED', at: applied.appliedAt, reason: null, position: applied.position });
      // A later entry of an event this subgraph had already applied was skipped as a duplicate.
      for (const e of entries) {
        if (e.position > applied.position)
          steps.push({ outcome: 'DUPLICATE', at: e.recordedAt, reason: 'already applied', position: e.position });
      }
    }
    steps.sort(byTime);
    const outcome: TraceOutcome = applied ? 'APPLIED' : heldHere ? 'HELD' : mine.some((l) => !l.replayedAt) ? 'DEAD_LETTERED' : 'PENDING';
    if (outcome === 'PENDING')
      steps.push({
        outcome,
        at: null,
        // Markers live for the retention window: an older event shows what is left (log, dead letters).
        reason: beyondWindow ? 'no applied marker kept: older than the retention window' : 'not applied yet',
        position: null,
      });
    return [
      {
        subgraph,
        outcome,
        steps,
        appliedAt: applied?.appliedAt ?? null,
        lagSeconds: applied ? seconds(occurredAt, applied.appliedAt) : null,
      },
    ];
  });
}
