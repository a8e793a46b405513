import type { ConsumeOptions, Consumption, GroupProgress } from './event-log';
import { sumProgress } from './event-log';
import type { LaneLink, LaneViewNow } from './lane-order';
import { untakenPredecessorsNow } from './lane-order';
import { PartitionCoalescer, PartitionedRunner, partitionOf } from './partitions';
import { SYNC_CLASSES } from './sync-classes';
import type { LoggedEvent } from './types';

const RETRY_AFTER_FAILURE_MS = 500;
/** Entries in flight at once per lane, across aggregates. */
const PARALLEL = 256;
/** Entries of one aggregate handled as one at most. */
const RUN = 100;

/** An entry of the embedded log: the event, its lane and its pointers (lane-order.ts), by sequence index. */
export interface StoredEntry {
  logged: LoggedEvent;
  lane: number;
  pointers: readonly (number | null)[];
}

interface EntrySource {
  readonly end: number;
  at(index: number): StoredEntry;
}

interface Item {
  index: number;
  entry: LoggedEvent;
  /** Entries of its aggregate from other lanes, pulled forward to be applied first (not counted as its lane's). */
  before: LoggedEvent[];
}

/**
 * Delivers entries to one group: in order within an aggregate, aggregates in parallel, and each
 * synchronisation class in a lane of its own, so a bulk backlog never holds up a real-time entry
 * of another aggregate (docs/events.md#synchronisation-classes).
 */
export class MemoryConsumption implements Consumption {
  private readonly runner = new PartitionedRunner(PARALLEL * SYNC_CLASSES.length);
  private readonly coalescer = new PartitionCoalescer<Item>(RUN);
  /** Per lane, the index from which its entries have not been taken up yet. */
  private readonly cursors: number[];
  /** Entries taken up ahead of their lane's cursor (pulled forward); the cursor passes over them. */
  private readonly pulled = new Set<number>();
  private readonly running = SYNC_CLASSES.map(() => 0);
  /** Indexes handed out and not finished, per lane: the watermark and the backlog count them. */
  private readonly unfinished = SYNC_CLASSES.map(() => new Set<number>());
  private readonly waiters: (() => void)[] = [];
  private readonly pumps: (Promise<void> | undefined)[] = SYNC_CLASSES.map(() => undefined);
  private disposed = false;

  constructor(
    private readonly log: EntrySource,
    /** 0-based sequence index of the first entry to hand out. */
    start: number,
    private readonly handler: (entry: LoggedEvent) => Promise<void>,
    private readonly options: ConsumeOptions,
    private readonly onDispose: () => void,
  ) {
    this.cursors = SYNC_CLASSES.map(() => start);
  }

  /** Entries before this index are all handled: the log may drop them. */
  watermark(): number {
    let low = Math.min(...this.cursors.map((_, lane) => this.next(lane) ?? this.log.end));
    for (const set of this.unfinished) for (const index of set) if (index < low) low = index;
    return low;
  }

  /** Entries not handled yet, and when the oldest of them was recorded (for `EventLog.progress`). */
  progress(): GroupProgress {
    return sumProgress(SYNC_CLASSES.map((_, lane) => this.progressOfLane(lane)));
  }

  /** The same for one lane. */
  progressOfLane(lane: number): GroupProgress {
    const first = this.next(lane);
    let backlog = this.unfinished[lane].size;
    let oldest: string | null = null;
    for (let index = first ?? this.log.end; index < this.log.end; index++) {
      const stored = this.log.at(index);
      if (stored.lane !== lane || this.pulled.has(index)) continue;
      backlog++;
      oldest ??= stored.logged.recordedAt;
    }
    for (const index of this.unfinished[lane]) {
      const at = this.log.at(index).logged.recordedAt;
      if (oldest === null || at < oldest) oldest = at;
    }
    return { backlog, oldestRecordedAt: oldest };
  }

  /** The index of the lane's next entry not taken up, moving its cursor there; undefined when there is none yet. */
  private next(lane: number): number | undefined {
    let index = this.cursors[lane];
    while (index < this.log.end && (this.log.at(index).lane !== lane || this.pulled.has(index))) {
      if (this.log.at(index).lane === lane) this.pulled.delete(index);
      index++;
    }
    this.cursors[lane] = index;
    return index < this.log.end ? index : undefined;
  }

  wake(): void {
    for (let lane = 0; lane < SYNC_CLASSES.length; lane++) this.wakeLane(lane);
  }

  private wakeLane(lane: number): void {
    if (this.pumps[lane] || this.disposed) return;
    this.pumps[lane] = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.pump(lane))
      .finally(() => {
        this.pumps[lane] = undefined;
        if (!this.disposed && this.next(lane) !== undefined) this.wakeLane(lane);
      });
  }

  private async pump(lane: number): Promise<void> {
    for (;;) {
      while (!this.disposed && this.running[lane] >= PARALLEL) await new Promise<void>((resolve) => this.waiters.push(resolve));
      const index = this.disposed ? undefined : this.next(lane);
      if (index === undefined) return;
      this.cursors[lane] = index + 1;
      const entry = this.log.at(index).logged;
      // An entry of a type this group ignores changes nothing: it is passed over, in no queue.
      const { relevant, skipped } = this.options;
      if (relevant && !relevant(entry.event.type)) {
        skipped?.(entry.event.type, Date.parse(entry.recordedAt));
        continue;
      }
      this.take(lane, index);
      // Pulled forward and queued in the turn its cursor moved: nothing is taken up in between.
      const item: Item = { index, entry, before: this.pullForward(index) };
      const partition = partitionOf(entry.event);
      const task =
        partition === null
          ? () => this.deliverRun([item])
          : (() => {
              const slot = this.coalescer.add(partition, item);
              return async () => {
                const run = this.coalescer.take(partition, slot);
                if (run) await this.deliverRun(run);
              };
            })();
      void this.runner.submit(partition, task);
    }
  }

  private take(lane: number, index: number): void {
    this.running[lane]++;
    this.unfinished[lane].add(index);
  }

  private finish(lane: number, index: number): void {
    if (!this.unfinished[lane].delete(index)) return;
    this.running[lane]--;
    this.waiters.splice(0).forEach((wake) => wake());
  }

  /** The aggregate's earlier entries in other lanes not taken up yet, taken up now to go first. */
  private pullForward(index: number): LoggedEvent[] {
    const link = (i: number): LaneLink<number, LoggedEvent> => {
      const stored = this.log.at(i);
      return { lane: stored.lane, id: i, pointers: stored.pointers, item: stored.logged };
    };
    const stored = this.log.at(index);
    if (stored.pointers.every((p, lane) => p === null || lane === stored.lane || this.taken(lane, p))) return [];
    const view: LaneViewNow<number, LoggedEvent> = {
      taken: (lane, id) => this.taken(lane, id),
      fetch: (_lane, id) => link(id),
      compare: (a, b) => a - b,
    };
    const pulled = untakenPredecessorsNow(link(index), view);
    for (const p of pulled) this.pulled.add(p.id);
    const relevant = this.options.relevant;
    return pulled.map((p) => p.item).filter((entry) => !relevant || relevant(entry.event.type));
  }

  private taken(lane: number, index: number): boolean {
    return index < this.cursors[lane] || this.pulled.has(index);
  }

  private async deliverRun(run: Item[]): Promise<void> {
    const done = (item: Item) => this.finish(this.log.at(item.index).lane, item.index);
    try {
      const befores = run.map((item) => item.before);
      if (this.options.handleMany && run.length + befores.flat().length > 1) {
        try {
          await this.options.handleMany(run.flatMap((item, i) => [...befores[i], item.entry]));
          return;
        } catch {
          // Each on its own then, so a failing one is retried and given up on alone.
        }
      }
      for (const [i, item] of run.entries()) {
        for (const entry of befores[i]) await this.deliver(entry);
        await this.deliver(item.entry);
        done(item);
      }
    } finally {
      for (const item of run) done(item);
    }
  }

  /**
   * Tries an entry up to maxAttempts times, then gives up on it. When even giving up fails (the
   * dead letter could not be stored), it stays first in line for its aggregate, like an
   * unacknowledged Redis entry, and is tried again after a pause.
   */
  private async deliver(entry: LoggedEvent): Promise<void> {
    while (!this.disposed) {
      let lastError = new Error('not delivered');
      for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
        try {
          return await this.handler(entry);
        } catch (error) {
          lastError = error instanceof Error ? error : new Error(String(error));
        }
      }
      try {
        return await this.options.onGiveUp(entry, lastError);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_FAILURE_MS).unref());
      }
    }
  }

  async idle(): Promise<void> {
    const busy = () =>
      this.pumps.some((p) => p !== undefined) || SYNC_CLASSES.some((_, lane) => this.next(lane) !== undefined) || this.runner.inFlight > 0;
    while (!this.disposed && busy()) {
      this.wake();
      await Promise.all(this.pumps.map((pump) => pump ?? Promise.resolve()));
      await this.runner.drained();
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.waiters.splice(0).forEach((wake) => wake());
    await Promise.all(this.pumps.map((pump) => pump ?? Promise.resolve()));
    await this.runner.drained();
    this.onDispose();
  }
}
