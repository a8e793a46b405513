import type { ConsumeOptions, Consumption } from './event-log';
import { PartitionCoalescer, PartitionedRunner, partitionOf } from './partitions';
import type { LoggedEvent } from './types';

const RETRY_AFTER_FAILURE_MS = 500;
/** Entries in flight at once, across partitions. */
const PARALLEL = 256;
/** Entries of one aggregate handled as one at most. */
const RUN = 100;

interface EntrySource {
  readonly end: number;
  at(index: number): LoggedEvent;
}

/** Delivers entries to one group: in order within an aggregate, aggregates in parallel. */
export class MemoryConsumption implements Consumption {
  private readonly runner = new PartitionedRunner(PARALLEL);
  private readonly coalescer = new PartitionCoalescer<LoggedEvent>(RUN);
  private readonly inFlight = new Set<number>();
  /** Entries handed out whose handling has not finished (a run keeps its slots until it ends; these do not). */
  private readonly unfinished = new Set<LoggedEvent>();
  private pumping: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly log: EntrySource,
    /** 0-based sequence index of the next entry to hand out. */
    private next: number,
    private readonly handler: (entry: LoggedEvent) => Promise<void>,
    private readonly options: ConsumeOptions,
    private readonly onDispose: () => void,
  ) {}

  /** Entries before this index are all handled: the log may drop them. */
  watermark(): number {
    let low = this.next;
    for (const index of this.inFlight) if (index < low) low = index;
    return low;
  }

  /** Entries not handled yet, and when the oldest of them was recorded (for `EventLog.progress`). */
  progress(): { backlog: number; oldestRecordedAt: string | null } {
    let oldest = this.next < this.log.end ? this.log.at(this.next).recordedAt : null;
    for (const entry of this.unfinished) if (oldest === null || entry.recordedAt < oldest) oldest = entry.recordedAt;
    return { backlog: this.log.end - this.next + this.unfinished.size, oldestRecordedAt: oldest };
  }

  wake(): void {
    if (this.pumping || this.disposed) return;
    this.pumping = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.pump())
      .finally(() => {
        this.pumping = undefined;
        if (!this.disposed && this.next < this.log.end) this.wake();
      });
  }

  private async pump(): Promise<void> {
    while (!this.disposed && this.next < this.log.end) {
      await this.runner.room();
      if (this.disposed) return;
      const index = this.next++;
      const entry = this.log.at(index);
      // An entry of a type this group ignores changes nothing: it is passed over, in no queue.
      const { relevant, skipped } = this.options;
      if (relevant && !relevant(entry.event.type)) {
        skipped?.(entry.event.type, Date.parse(entry.recordedAt));
        continue;
      }
      this.inFlight.add(index);
      this.unfinished.add(entry);
      const partition = partitionOf(entry.event);
      const task =
        partition === null
          ? () => this.deliver(entry)
          : (() => {
              const slot = this.coalescer.add(partition, entry);
              return async () => {
                const run = this.coalescer.take(partition, slot);
                if (run) await this.deliverRun(run);
              };
            })();
      void this.runner.submit(partition, task).then(() => this.inFlight.delete(index));
    }
  }

  private async deliverRun(run: LoggedEvent[]): Promise<void> {
    if (run.length > 1 && this.options.handleMany) {
      try {
        await this.options.handleMany(run);
        for (const entry of run) this.unfinished.delete(entry);
        return;
      } catch {
        // Each on its own then, so a failing one is retried and given up on alone.
      }
    }
    for (const entry of run) await this.deliver(entry);
  }

  /**
   * Tries an entry up to maxAttempts times, then gives up on it. When even giving up fails (the
   * dead letter could not be stored), it stays first in line for its aggregate, like an
   * unacknowledged Redis entry, and is tried again after a pause.
   */
  private async deliver(entry: LoggedEvent): Promise<void> {
    try {
      await this.deliverOnce(entry);
    } finally {
      this.unfinished.delete(entry);
    }
  }

  private async deliverOnce(entry: LoggedEvent): Promise<void> {
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
    while (!this.disposed && (this.pumping || this.next < this.log.end || this.runner.inFlight > 0)) {
      this.wake();
      await this.pumping;
      await this.runner.drained();
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.pumping;
    await this.runner.drained();
    this.onDispose();
  }
}
