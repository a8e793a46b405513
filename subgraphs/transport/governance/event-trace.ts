import { readAppliedMarkers } from '../../../lib/events/applied-markers';
import type { DeadLetter } from '../../../lib/events/dead-letters';
import type { EventConsumers } from '../../../lib/events/event-consumers';
import type { HeldEvent } from '../../../lib/events/held-events';
import { causeTag, causeTagOf } from '../../../lib/events/reaction-id';
import type { EventType, LoggedEvent, SourceSystem } from '../../../lib/events/types';
import { eventKey, isEventType, sourceSystemOf } from '../../../lib/events/types';
import type { Runtime } from '../../../lib/runtime/runtime';
import type { SubgraphName } from '../../../lib/subgraph-names';
import { scanLog } from './log-scan';

export type TraceOutcome = 'APPLIED' | 'HELD' | 'DEAD_LETTERED' | 'DUPLICATE' | 'PENDING';

export interface TraceStep {
  outcome: TraceOutcome;
  at: string | null;
  reason: string | null;
  position: string | null;
}

export interface SubgraphTrace {
  subgraph: SubgraphName;
  /** Where the event stands in this subgraph now. */
  outcome: TraceOutcome;
  steps: TraceStep[];
  appliedAt: string | null;
  /** From the event's `time` (occurrence) to its application here. */
  lagSeconds: number | null;
}

export interface EventRef {
  source: string;
  id: string;
  type: string;
  recordedAt: string;
}

export interface EventTrace {
  source: string;
  id: string;
  type: string | null;
  subject: string | null;
  system: SourceSystem | null;
  occurredAt: string | null;
  /** When the log first stored it; null when it was never accepted (rejected at ingest). */
  acceptedAt: string | null;
  position: string | null;
  subgraphs: SubgraphTrace[];
  reactions: EventRef[];
  /** Later log entries of the same event: replays of a dead letter or an orphan. */
  replays: { position: string; recordedAt: string }[];
  deadLetters: DeadLetter[];
}

interface Found {
  source: string;
  id: string;
  entries: LoggedEvent[];
  reactions: LoggedEvent[];
}

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/** Builds event traces from what is already stored: the log, applied markers, held events and dead letters. */
export class EventTracer {
  constructor(
    private readonly runtime: Pick<Runtime, 'documents' | 'pipeline'>,
    /** Which subgraphs apply each type: given by the composition root, which sees them all. */
    private readonly consumersOf: EventConsumers,
  ) {}

  async trace(source: string, id: string): Promise<EventTrace | null> {
    return (await this.traceMany([{ source, id }]))[0];
  }

  /** Traces of several events with one scan of the log; null for an event Lading never saw. */
  async traceMany(refs: readonly { source: string; id: string }[]): Promise<(EventTrace | null)[]> {
    const byKey = new Map<string, Found>();
    const byTag = new Map<string, Found>();
    for (const ref of refs) {
      const found: Found = { ...ref, entries: [], reactions: [] };
      byKey.set(eventKey(ref), found);
      byTag.set(causeTag(ref), found);
    }
    await scanLog(this.runtime.pipeline.log, (entry) => {
      byKey.get(eventKey(entry.event))?.entries.push(entry);
      const tag = causeTagOf(entry.event.id);
      const cause = tag === null ? undefined : byTag.get(tag);
      if (cause && entry.event.source.startsWith('urn:lading:')) cause.reactions.push(entry);
    });
    return Promise.all(refs.map((ref) => this.build(byKey.get(eventKey(ref)) as Found)));
  }

  private async build(found: Found): Promise<EventTrace | null> {
    const { pipeline } = this.runtime;
    const key = eventKey(found);
    const [letters, held] = await Promise.all([pipeline.deadLetters.forEvent(found.source, found.id), pipeline.held.get(key)]);
    const [first, ...replays] = found.entries;
    if (!first && letters.length === 0) return null;
    const raw = first?.event ?? parseRaw(letters[0].raw);
    const type = raw?.type ?? letters[0]?.type ?? null;
    const subgraphs = first && isEventType(type) ? await this.perSubgraph(type, found.entries, letters, held) : [];
    return {
      source: found.source,
      id: found.id,
      type,
      subject: raw?.subject ?? letters[0]?.subject ?? null,
      system: isEventType(type) ? sourceSystemOf(type) : null,
      occurredAt: typeof raw?.time === 'string' ? new Date(raw.time).toISOString() : null,
      acceptedAt: first?.recordedAt ?? null,
      position: first?.position ?? null,
      subgraphs,
      reactions: found.reactions.map((r) => ({ source: r.event.source, id: r.event.id, type: r.event.type, recordedAt: r.recordedAt })),
      replays: replays.map((r) => ({ position: r.position, recordedAt: r.recordedAt })),
      deadLetters: letters,
    };
  }

  private async perSubgraph(
    type: EventType,
    entries: LoggedEvent[],
    letters: DeadLetter[],
    held: HeldEvent | null,
  ): Promise<SubgraphTrace[]> {
    const key = eventKey(entries[0].event);
    const occurredAt = new Date(entries[0].event.time).toISOString();
    const beyondWindow = Date.parse(entries[0].recordedAt) < Date.now() - this.runtime.pipeline.retentionMs;
    return Promise.all(
      this.consumersOf(type).map(async (subgraph): Promise<SubgraphTrace> => {
        // Markers live for the retention window: an older event shows what is left (log, dead letters).
        const [marker] = await readAppliedMarkers(this.runtime.documents(subgraph), [key], this.runtime.pipeline.retentionMs);
        const steps: TraceStep[] = [];
        if (marker?.held) steps.push({ outcome: 'HELD', at: marker.held.heldAt, reason: marker.held.reason, position: null });
        if (held?.consumers.includes(subgraph))
          steps.push({ outcome: 'HELD', at: held.heldAt, reason: held.reason, position: held.entry.position });
        const mine = letters.filter((l) => l.consumer?.split(',').includes(subgraph));
        for (const l of mine) steps.push({ outcome: 'DEAD_LETTERED', at: l.deadAt, reason: l.reason, position: null });
        if (marker) {
          steps.push({ outcome: 'APPLIED', at: marker.appliedAt, reason: null, position: marker.position });
          // A later entry of an event this subgraph had already applied was skipped as a duplicate.
          for (const e of entries) {
            if (e.position > marker.position)
              steps.push({ outcome: 'DUPLICATE', at: e.recordedAt, reason: 'already applied', position: e.position });
          }
        }
        steps.sort((a, b) => ((a.at ?? '') < (b.at ?? '') ? -1 : (a.at ?? '') > (b.at ?? '') ? 1 : 0));
        const outcome: TraceOutcome = marker
          ? 'APPLIED'
          : held?.consumers.includes(subgraph)
            ? 'HELD'
            : mine.some((l) => !l.replayedAt)
              ? 'DEAD_LETTERED'
              : 'PENDING';
        if (outcome === 'PENDING')
          steps.push({
            outcome,
            at: null,
            reason: beyondWindow ? 'no applied marker kept: older than the retention window' : 'not applied yet',
            position: null,
          });
        return {
          subgraph,
          outcome,
          steps,
          appliedAt: marker?.appliedAt ?? null,
          lagSeconds: marker ? seconds(occurredAt, marker.appliedAt) : null,
        };
      }),
    );
  }
}

function parseRaw(raw: string): { type?: string; subject?: string; time?: unknown } | null {
  try {
    const value = JSON.parse(raw) as unknown;
    return value !== null && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}
