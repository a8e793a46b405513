import type { DeadLetter } from '../../../lib/events/dead-letters';
import type { HeldEvent } from '../../../lib/events/held-events';
import { causeTag, causeTagOf } from '../../../lib/events/reaction-id';
import type { LoggedEvent, SourceSystem } from '../../../lib/events/types';
import { eventKey, isEventType, routeOf, sourceSystemOf } from '../../../lib/events/types';
import type { Runtime } from '../../../lib/runtime/runtime';
import { scanLog } from '../../../lib/events/log-scan';

export type TraceOutcome = 'APPLIED' | 'HELD' | 'DEAD_LETTERED' | 'DUPLICATE' | 'PENDING';

export interface EventRef {
  source: string;
  id: string;
  type: string;
  recordedAt: string;
}

/** What the log says about an event; how each subgraph fared is assembled from its own answer (subgraph-traces.ts). */
export interface TraceLog {
  /** Every log entry of the event, oldest first: the first accepted it, later ones are replays. */
  entries: LoggedEvent[];
  held: HeldEvent | null;
  letters: DeadLetter[];
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
  reactions: EventRef[];
  /** Later log entries of the same event: replays of a dead letter or an orphan. */
  replays: { position: string; recordedAt: string }[];
  deadLetters: DeadLetter[];
  /** For the per-subgraph list; not a field of the graph. */
  log: TraceLog;
}

interface Found {
  source: string;
  id: string;
  entries: LoggedEvent[];
  reactions: LoggedEvent[];
}

/**
 * Builds event traces from what the log keeps: its entries, held events and dead letters. What each
 * subgraph did comes from that subgraph through the graph (EventTrace.<name>Application), never from
 * its store.
 */
export class EventTracer {
  constructor(private readonly pipeline: Pick<Runtime['pipeline'], 'log' | 'held' | 'deadLetters'>) {}

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
    await scanLog(this.pipeline.log, (entry) => {
      byKey.get(eventKey(entry.event))?.entries.push(entry);
      const tag = causeTagOf(entry.event.id);
      const cause = tag === null ? undefined : byTag.get(tag);
      if (cause && entry.event.source.startsWith('urn:lading:')) cause.reactions.push(entry);
    });
    return Promise.all(refs.map((ref) => this.build(byKey.get(eventKey(ref)) as Found)));
  }

  private async build(found: Found): Promise<EventTrace | null> {
    const { pipeline } = this;
    const key = eventKey(found);
    const [first, ...replays] = found.entries;
    // A held event lives with its aggregate: the logged event's subject names it (none: never logged, never held).
    const letters = await pipeline.deadLetters.forEvent(found.source, found.id);
    const held = first ? await pipeline.held.get(key, routeOf(first.event)) : null;
    if (!first && letters.length === 0) return null;
    const raw = first?.event ?? parseRaw(letters[0].raw);
    const type = raw?.type ?? letters[0]?.type ?? null;
    return {
      source: found.source,
      id: found.id,
      type,
      subject: raw?.subject ?? letters[0]?.subject ?? null,
      system: isEventType(type) ? sourceSystemOf(type) : null,
      occurredAt: typeof raw?.time === 'string' ? new Date(raw.time).toISOString() : null,
      acceptedAt: first?.recordedAt ?? null,
      position: first?.position ?? null,
      reactions: found.reactions.map((r) => ({ source: r.event.source, id: r.event.id, type: r.event.type, recordedAt: r.recordedAt })),
      replays: replays.map((r) => ({ position: r.position, recordedAt: r.recordedAt })),
      deadLetters: letters,
      // A type no subgraph applies (rejected at ingest) has no per-subgraph list.
      log: { entries: isEventType(type) ? found.entries : [], held, letters },
    };
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
