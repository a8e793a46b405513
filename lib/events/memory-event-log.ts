import { AppendOutcome, ConsumeOptions, Consumption, EventLog, GroupProgress } from './event-log';
import { CanonicalEvent, LoggedEvent, eventKey } from './types';

/** Positions are zero-padded sequence numbers so that they order lexically like Redis stream ids. */
function position(seq: number): string {
  return seq.toString().padStart(12, '0');
}

/** The embedded (single-process) event log. */
export class MemoryEventLog implements EventLog {
  private readonly entries: LoggedEvent[] = [];
  private readonly hashes = new Map<string, string>();
  private readonly consumers = new Set<MemoryConsumption>();
  private readonly groups = new Map<string, MemoryConsumption>();

  async append(event: CanonicalEvent, contentHash: string): Promise<AppendOutcome> {
    const key = eventKey(event);
    const seen = this.hashes.get(key);
    if (seen !== undefined) return { status: seen === contentHash ? 'duplicate' : 'conflict' };
    this.hashes.set(key, contentHash);
    return { status: 'accepted', entry: this.push(event) };
  }

  async reappend(event: CanonicalEvent): Promise<LoggedEvent> {
    return this.push(event);
  }

  private push(event: CanonicalEvent): LoggedEvent {
    const entry: LoggedEvent = { position: position(this.entries.length + 1), recordedAt: new Date().toISOString(), event };
    this.entries.push(entry);
    for (const consumer of this.consumers) consumer.wake();
    return entry;
  }

  consume(group: string, handler: (entry: LoggedEvent) => Promise<void>, options: ConsumeOptions): Consumption {
    const consumption = new MemoryConsumption(this.entries, handler, options, () => this.consumers.delete(consumption));
    this.consumers.add(consumption);
    this.groups.set(group, consumption);
    consumption.wake();
    return consumption;
  }

  async read(after: string | undefined, count: number): Promise<LoggedEvent[]> {
    const start = after === undefined ? 0 : Number(after);
    return this.entries.slice(start, start + count);
  }

  async progress(group: string): Promise<GroupProgress> {
    const next = this.groups.get(group)?.handled ?? 0;
    return { backlog: this.entries.length - next, oldestRecordedAt: this.entries[next]?.recordedAt ?? null };
  }

  /** Every consumer of an embedded log is in this process. */
  async settled(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.idle()));
  }

  async ping(): Promise<void> {}

  async dispose(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.dispose()));
  }
}

const RETRY_AFTER_FAILURE_MS = 500;

/** Delivers entries to one group strictly in order, one at a time. */
class MemoryConsumption implements Consumption {
  private next = 0;
  private running: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly entries: readonly LoggedEvent[],
    private readonly handler: (entry: LoggedEvent) => Promise<void>,
    private readonly options: ConsumeOptions,
    private readonly onDispose: () => void,
  ) {}

  /** Entries handled so far (the next one is in progress or waiting). */
  get handled(): number {
    return this.next;
  }

  wake(): void {
    if (!this.running && !this.disposed) {
      this.running = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.drain())
        // Even giving up failed (the dead letter could not be stored): like an unacknowledged
        // Redis entry, this one stays first in line and is tried again after a pause.
        .then(
          () => false,
          () => true,
        )
        .then((failed) => {
          this.running = undefined;
          if (failed) setTimeout(() => this.wake(), RETRY_AFTER_FAILURE_MS).unref();
          else if (this.next < this.entries.length) this.wake();
        });
    }
  }

  private async drain(): Promise<void> {
    while (!this.disposed && this.next < this.entries.length) {
      await this.deliver(this.entries[this.next]);
      this.next++;
    }
  }

  private async deliver(entry: LoggedEvent): Promise<void> {
    let lastError = new Error('not delivered');
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      try {
        return await this.handler(entry);
      } catch (error) {
        lastError = error instanceof Error ? error : new Error(String(error));
      }
    }
    await this.options.onGiveUp(entry, lastError);
  }

  async idle(): Promise<void> {
    while (this.running || (!this.disposed && this.next < this.entries.length)) {
      if (!this.running) this.wake();
      await this.running;
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.running;
    this.onDispose();
  }
}
