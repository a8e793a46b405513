import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { AppendOutcome, ConsumeOptions, Consumption, EventLog, GroupProgress } from './event-log';
import type { StoredEntry } from './memory-consumption';
import { MemoryConsumption } from './memory-consumption';
import { partitionOf } from './partitions';
import { DEFAULTS } from '../settings';
import { generationsAt } from './retention';
import type { SyncClass } from './sync-classes';
import { SYNC_CLASSES, laneOf, syncClassifier } from './sync-classes';
import type { CanonicalEvent, LoggedEvent } from './types';
import { eventKey } from './types';

/** Positions are zero-padded sequence numbers so that they order lexically like Redis stream ids. */
function position(seq: number): string {
  return seq.toString().padStart(12, '0');
}

export interface MemoryEventLogOptions {
  /** How long deduplication entries and applied entries are kept (default 7 days). */
  retentionMs?: number;
  /** Applied entries kept for resume and replay at most, however young (default 20,000): the heap is the limit here. */
  maxRetained?: number;
  /** Where entries' times and the deduplication generations come from (the system clock unless a test moves one). */
  clock?: Clock;
  /** Each event's synchronisation class, its lane (default: the type's documented class). */
  classify?: (event: CanonicalEvent) => SyncClass;
}

const TRIM_EVERY = 1024;

/**
 * The embedded (single-process) event log. Entries every consumer has handled are dropped once
 * older than the retention window or beyond `maxRetained`, and deduplication entries expire
 * with their generation, so the heap does not grow with the number of events ever accepted.
 */
export class MemoryEventLog implements EventLog {
  private entries: StoredEntry[] = [];
  /** Per aggregate, the index of its last entry in each lane: the pointers of its next entry (lane-order.ts). */
  private readonly tails = new Map<string, (number | null)[]>();
  private readonly classify: (event: CanonicalEvent) => SyncClass;
  /** How many entries were trimmed from the front: entry `i` has sequence number `base + i + 1`. */
  private base = 0;
  private readonly hashes = new Map<number, Map<string, string>>();
  private readonly consumers = new Set<MemoryConsumption>();
  private readonly groups = new Map<string, MemoryConsumption>();
  private readonly retentionMs: number;
  private readonly maxRetained: number;
  private readonly clock: Clock;
  private sinceTrim = 0;

  constructor(options: MemoryEventLogOptions = {}) {
    this.retentionMs = options.retentionMs ?? DEFAULTS.LADING_EVENT_RETENTION;
    this.maxRetained = options.maxRetained ?? 20_000;
    this.clock = options.clock ?? systemClock;
    this.classify = options.classify ?? syncClassifier();
  }

  async append(event: CanonicalEvent, contentHash: string, ingestTraceparent?: string): Promise<AppendOutcome> {
    const key = eventKey(event);
    const generations = generationsAt(this.clock.now(), this.retentionMs);
    for (const generation of generations.live) {
      const seen = this.hashes.get(generation)?.get(key);
      if (seen !== undefined) return { status: seen === contentHash ? 'duplicate' : 'conflict' };
    }
    let current = this.hashes.get(generations.current);
    if (!current) {
      this.hashes.set(generations.current, (current = new Map<string, string>()));
      for (const generation of this.hashes.keys()) if (!generations.live.includes(generation)) this.hashes.delete(generation);
    }
    current.set(key, contentHash);
    return { status: 'accepted', entry: this.push(event, ingestTraceparent) };
  }

  async reappend(event: CanonicalEvent, ingestTraceparent?: string): Promise<LoggedEvent> {
    return this.push(event, ingestTraceparent);
  }

  private push(event: CanonicalEvent, ingestTraceparent: string | undefined): LoggedEvent {
    const entry: LoggedEvent = { position: position(this.end + 1), recordedAt: new Date(this.clock.now()).toISOString(), event };
    if (ingestTraceparent) entry.ingestTraceparent = ingestTraceparent;
    const lane = laneOf(this.classify(event));
    const aggregate = partitionOf(event);
    const pointers = (aggregate !== null && this.tails.get(aggregate)) || SYNC_CLASSES.map(() => null);
    if (aggregate !== null)
      this.tails.set(
        aggregate,
        pointers.map((p, l) => (l === lane ? this.end : p)),
      );
    this.entries.push({ logged: entry, lane, pointers });
    if (++this.sinceTrim >= TRIM_EVERY) this.trim();
    for (const consumer of this.consumers) consumer.wake();
    return entry;
  }

  /** Sequence number of the last entry (0 when none was ever appended). */
  get end(): number {
    return this.base + this.entries.length;
  }

  /** The entry with 0-based sequence index `index` (never a trimmed one: consumers hold the trim back). */
  at(index: number): StoredEntry {
    return this.entries[index - this.base];
  }

  /** Drops the entries every consumer has handled that are older than the window or beyond the cap. */
  trim(now = this.clock.now()): void {
    this.sinceTrim = 0;
    const handled = Math.min(this.end, ...[...this.consumers].map((c) => c.watermark())) - this.base;
    const cutoff = new Date(now - this.retentionMs).toISOString();
    let aged = 0;
    while (aged < handled && this.entries[aged].logged.recordedAt < cutoff) aged++;
    const cut = Math.min(handled, Math.max(aged, this.entries.length - this.maxRetained));
    if (cut <= 0) return;
    this.entries = this.entries.slice(cut);
    this.base += cut;
    // Pointers to trimmed entries lead nowhere: every consumer has handled them.
    for (const [aggregate, pointers] of this.tails) if (pointers.every((p) => p === null || p < this.base)) this.tails.delete(aggregate);
  }

  /** Entries kept, and deduplication entries kept (for tests and the retention docs). */
  get size(): { entries: number; dedup: number } {
    return { entries: this.entries.length, dedup: [...this.hashes.values()].reduce((n, m) => n + m.size, 0) };
  }

  consume(group: string, handler: (entry: LoggedEvent) => Promise<void>, options: ConsumeOptions): Consumption {
    const consumption = new MemoryConsumption(this, this.base, handler, options, () => this.consumers.delete(consumption));
    this.consumers.add(consumption);
    this.groups.set(group, consumption);
    consumption.wake();
    return consumption;
  }

  async read(after: string | undefined, count: number): Promise<LoggedEvent[]> {
    const start = Math.max(0, (after === undefined ? 0 : Number(after)) - this.base);
    return this.entries.slice(start, start + count).map((e) => e.logged);
  }

  async progress(group: string): Promise<GroupProgress> {
    // Entries are handled in parallel across aggregates: the consumption counts what is unfinished.
    // Without one, everything still kept is waiting (trimmed entries were handled by every consumer).
    const consumption = this.groups.get(group);
    if (consumption) return consumption.progress();
    return { backlog: this.entries.length, oldestRecordedAt: this.entries[0]?.logged.recordedAt ?? null };
  }

  /** The same per synchronisation class. */
  async progressByClass(group: string): Promise<(GroupProgress & { syncClass: SyncClass })[]> {
    const consumption = this.groups.get(group);
    return SYNC_CLASSES.map((syncClass, lane) => {
      if (consumption) return { syncClass, ...consumption.progressOfLane(lane) };
      const kept = this.entries.filter((e) => e.lane === lane);
      return { syncClass, backlog: kept.length, oldestRecordedAt: kept[0]?.logged.recordedAt ?? null };
    });
  }

  /** Every consumer of an embedded log is in this process. */
  async progressByPartition(group: string): Promise<(GroupProgress & { partition: number })[]> {
    return [{ partition: 0, ...(await this.progress(group)) }];
  }

  async settled(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.idle()));
  }

  async ping(): Promise<void> {}

  async dispose(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.dispose()));
  }
}
