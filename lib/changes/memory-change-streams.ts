import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { DEFAULTS } from '../settings';
import { memoryChangeId, parseChangeId, partOf } from './change-ids';
import { compareStreamIds } from '../redis/stream-position';
import type { ChangeListener, ChangeStreamName, ChangeStreams, Stamped } from './change-stream';
import { UpdatesMissedError } from './updates-missed';

interface Kept {
  id: string;
  json: string;
  committedAt: number;
}

export interface MemoryChangeStreamsOptions {
  /** Entries older than this are trimmed (`LADING_EVENT_RETENTION`). */
  retentionMs?: number;
  /** Entries kept at most, however young (default 20,000): the heap is the limit here. */
  maxRetained?: number;
  clock?: Clock;
}

/**
 * The embedded change streams: one array per stream, appended by MemoryDocumentStore commits
 * (which are atomic in one process) and trimmed on append like the memory event log.
 */
export class MemoryChangeStreams implements ChangeStreams {
  private readonly streams = new Map<string, Kept[]>();
  /** Per stream, the newest id trimmed: a reader after an older id missed entries. */
  private readonly trimmed = new Map<string, string>();
  private readonly listeners = new Map<string, Set<ChangeListener<unknown>>>();
  private seq = 0;
  private readonly retentionMs: number;
  private readonly maxRetained: number;
  private readonly clock: Clock;

  constructor(options: MemoryChangeStreamsOptions = {}) {
    this.retentionMs = options.retentionMs ?? DEFAULTS.LADING_EVENT_RETENTION;
    this.maxRetained = options.maxRetained ?? 20_000;
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Appends committed records (called by a commit once its preconditions held), giving each the
   * next id; followers hear of them once the commit's other writes are applied too.
   */
  append(stream: string, jsons: readonly string[]): void {
    if (jsons.length === 0) return;
    let kept = this.streams.get(stream);
    if (!kept) this.streams.set(stream, (kept = []));
    const now = this.clock.now();
    const added = jsons.map((json) => ({ id: memoryChangeId(++this.seq), json, committedAt: now }));
    kept.push(...added);
    this.trim(stream, kept, now);
    const listeners = this.listeners.get(stream);
    if (!listeners || listeners.size === 0) return;
    queueMicrotask(() => {
      for (const listener of listeners) listener(added.map(stamped));
    });
  }

  private trim(stream: string, kept: Kept[], now: number): void {
    // The newest entry always stays, so a reader can tell where the stream is.
    let drop = 0;
    while (drop < kept.length - 1 && (kept[drop].committedAt < now - this.retentionMs || kept.length - drop > this.maxRetained)) drop++;
    if (drop === 0) return;
    this.trimmed.set(stream, kept[drop - 1].id);
    kept.splice(0, drop);
  }

  async read<T>(stream: ChangeStreamName, after: string | undefined, count: number): Promise<Stamped<T>[]> {
    // One partition: a cursor's first part is where it is.
    const from = after === undefined ? '0-0' : partOf(parseChangeId(after), 0);
    const trimmed = this.trimmed.get(stream);
    // Without a cursor, reading starts at the oldest entry kept: nothing is missed.
    if (after !== undefined && trimmed !== undefined && compareStreamIds(from, partOf(parseChangeId(trimmed), 0)) < 0)
      throw new UpdatesMissedError(after, trimmed);
    const kept = this.streams.get(stream) ?? [];
    let start = 0;
    for (let end = kept.length; start < end;) {
      const mid = (start + end) >> 1;
      if (compareStreamIds(partOf(parseChangeId(kept[mid].id), 0), from) <= 0) start = mid + 1;
      else end = mid;
    }
    return kept.slice(start, start + Math.max(0, count)).map((k) => stamped<T>(k));
  }

  async head(stream: ChangeStreamName): Promise<string | null> {
    const kept = this.streams.get(stream);
    return kept && kept.length > 0 ? kept[kept.length - 1].id : null;
  }

  async follow<T>(stream: ChangeStreamName, listener: ChangeListener<T>): Promise<() => void> {
    let set = this.listeners.get(stream);
    if (!set) this.listeners.set(stream, (set = new Set()));
    const entry = listener as ChangeListener<unknown>;
    set.add(entry);
    return () => void set.delete(entry);
  }

  followers(stream: ChangeStreamName): number {
    return this.listeners.get(stream)?.size ?? 0;
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
  }
}

/** Parsed per reader, so no two readers share a mutable object (as with Redis). */
function stamped<T>(kept: Kept): Stamped<T> {
  return { ...(JSON.parse(kept.json) as T), id: kept.id };
}
