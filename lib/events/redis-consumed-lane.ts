import type { Logger } from '../logger';
import type { RedisClient } from '../redis/client';
import type { StreamEntry } from '../redis/stream-reply';
import { parseGroups, parsePending, parseReadGroup } from '../redis/stream-reply';
import type { ConsumeOptions } from './event-log';
import type { LaneStream } from './log-lanes';
import { partitionOf } from './partitions';
import type { RedisConsumptionOptions } from './redis-consumption-options';
import { waitForGroup } from './redis-group-progress';
import { entryPointersOf, entryTypeOf, toLoggedEvent } from './redis-log-entry';
import type { LaneItem, PartitionLanes } from './redis-partition-lanes';
import type { LoggedEvent } from './types';

export interface ConsumedLaneInit {
  redis: RedisClient;
  lane: LaneStream;
  lanes: PartitionLanes;
  group: string;
  /** The consumer's name in the group: one per partition consumption, shared by its lanes. */
  consumer: string;
  handler: (entry: LoggedEvent) => Promise<void>;
  consume: ConsumeOptions;
  logger: Logger;
  options: RedisConsumptionOptions;
  stopped(): boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * One lane (one stream) of a partition as one consumer consumes it (redis-consumption.ts reads for
 * all lanes at once): its consumer group, the entries it took up and their acknowledgement, and
 * its room, so a full lane never holds another back. An entry is acknowledged only once handled
 * (or given up on), so one a dead consumer left pending is claimed and handled by another.
 */
export class ConsumedLane {
  readonly stream: string;
  /** Entries of this lane in the runner. */
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly owner: LaneItem['owner'] = {
    settle: (id, entry, prior) => this.settle(id, entry, prior),
    acknowledge: (id) => this.acknowledge(id),
    release: () => this.release(),
  };
  /** Entry ids handed to the runner and not yet acknowledged: never scheduled twice. */
  private readonly scheduled = new Set<string>();
  private acks: string[] = [];
  private flushing: Promise<void> | undefined;
  private groupReady = false;
  private started = false;
  /** After a start or an error, this consumer's own pending entries are handled again before new ones. */
  recovering = true;

  constructor(private readonly init: ConsumedLaneInit) {
    this.stream = init.lane.stream;
  }

  /** How many more entries it takes up now (0: none, its room is full). */
  get room(): number {
    return Math.max(0, this.init.options.parallel - this.inFlight);
  }

  /** Forgets what it knew of Redis after an error: the group is made sure of again, its own pending entries read again. */
  reset(): void {
    this.groupReady = false;
    this.recovering = true;
  }

  /** Makes sure of the group and tells the partition's lanes where this one starts. */
  async ready(): Promise<void> {
    const { redis, group } = this.init;
    if (!this.groupReady) {
      // '0': a new group starts from the beginning of the log; MKSTREAM: the log may still be empty.
      await redis.xgroup('CREATE', this.stream, group, '0', 'MKSTREAM').catch((error: Error) => {
        if (!error.message.includes('BUSYGROUP')) throw error;
      });
      this.groupReady = true;
    }
    if (!this.started) {
      const info = parseGroups(await redis.xinfo('GROUPS', this.stream)).find((g) => g.name === group);
      this.init.lanes.start(this.init.lane.lane, info?.lastDeliveredId ?? '0-0');
      this.started = true;
    }
  }

  /** Takes up this consumer's own pending entries again, a page at a time; false once there are none left to take. */
  async recover(): Promise<boolean> {
    const batch = this.init.options.batchSize;
    const own = parseReadGroup(
      await this.init.redis.xreadgroup('GROUP', this.init.group, this.init.consumer, 'COUNT', batch, 'STREAMS', this.stream, '0'),
    );
    const fresh = own.filter((e) => !this.scheduled.has(e.id));
    for (const entry of fresh) this.schedule(entry, 0);
    // A full page may hide more below it; a page of only scheduled ones is as far as this goes.
    this.recovering = own.length === batch && fresh.length > 0;
    return this.recovering;
  }

  /** Takes up an entry: queued in the runner, or acknowledged unhandled; a first delivery moves the lane's cursor past it. */
  schedule(raw: StreamEntry, prior: number): void {
    this.takeUp(raw, prior);
    if (prior === 0 && !this.init.stopped()) this.init.lanes.advance(this.init.lane.lane, raw.id);
  }

  private takeUp(raw: StreamEntry, prior: number): void {
    if (this.init.stopped() || this.scheduled.has(raw.id)) return;
    // An entry of a type this group ignores is acknowledged as it comes, without being decoded.
    const declared = raw.fields === null ? undefined : entryTypeOf(raw);
    if (declared !== undefined && this.skip(raw.id, declared)) return;
    let entry: LoggedEvent | null = null;
    try {
      if (raw.fields !== null) entry = toLoggedEvent(raw, this.init.lane.index);
    } catch (error) {
      this.init.logger.error('unreadable stream entry skipped', { id: raw.id, error });
    }
    if (entry !== null && declared === undefined && this.skip(raw.id, entry.event.type)) return;
    this.scheduled.add(raw.id);
    this.inFlight++;
    const { runner, coalescer } = this.init.lanes;
    const partition = entry ? partitionOf(entry.event) : null;
    // Claimed entries (prior deliveries) go alone: their attempts are counted one by one.
    if (partition === null || entry === null || prior > 0) {
      void runner.submit(partition, () => this.settle(raw.id, entry, prior).finally(() => this.release()));
      return;
    }
    const item: LaneItem = { id: raw.id, entry, owner: this.owner };
    const pointers = entryPointersOf(raw, this.init.lanes.lanes.length);
    if (prior === 0 && this.init.lanes.mayOvertake(this.init.lane.lane, pointers)) {
      // What counts as taken is what was taken when this entry was: whatever is taken up after it
      // (the same read's lower lanes, say) may still be behind it in its aggregate's queue.
      const takenThen = this.init.lanes.takenNow();
      item.pull = () => this.init.lanes.pullForward(this.init.lane.lane, raw.id, entry, pointers, takenThen, this.init.consume.relevant);
    }
    const slot = coalescer.add(partition, item);
    void runner.submit(partition, async () => {
      const run = coalescer.take(partition, slot);
      if (run) await this.init.lanes.settleRun(run, this.init.consume);
    });
  }

  /** True (having acknowledged it) when the group ignores entries of `type`. */
  private skip(id: string, type: string): boolean {
    const { relevant, skipped } = this.init.consume;
    if (!relevant || relevant(type)) return false;
    this.scheduled.add(id);
    skipped?.(type, Number(id.slice(0, id.indexOf('-'))));
    this.acknowledge(id);
    return true;
  }

  private release(): void {
    this.inFlight--;
    this.waiters.splice(0).forEach((wake) => wake());
  }

  /** Resolves once this lane has room for at least `least` entries (at once when it has). */
  async roomFor(least: number): Promise<void> {
    while (this.room < least) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /**
   * Handles an entry and acknowledges it; a Redis outage is waited out in place, so the aggregate's
   * order holds. An entry already scheduled is handled even while the consumption stops (a
   * partition handed over finishes what it took, within `disposeTimeoutMs`), but a failing one is
   * not retried then: it stays pending for the partition's next holder.
   */
  private async settle(id: string, entry: LoggedEvent | null, prior: number): Promise<void> {
    let failing = false;
    for (;;) {
      try {
        if (entry) await this.handle(entry, prior);
        return this.acknowledge(id);
      } catch (error) {
        if (this.init.stopped()) return;
        if (!failing) this.init.logger.warn('entry not handled (Redis away?); retrying', { id, error });
        failing = true;
        await sleep(this.init.options.retryDelayMs);
      }
    }
  }

  /** Tries an entry up to `maxAttempts` times, then gives up on it. */
  private async handle(entry: LoggedEvent, prior: number): Promise<void> {
    const { handler, consume, redis } = this.init;
    let lastError = new Error(`already delivered ${prior} time(s) to consumers that stopped before finishing`);
    for (let attempt = prior + 1; attempt <= consume.maxAttempts; attempt++) {
      try {
        return await handler(entry);
      } catch (error) {
        // A failure while Redis is away is not the entry's fault: this ping throws, and it is retried later.
        await redis.ping();
        lastError = asError(error);
        if (attempt < consume.maxAttempts) await sleep(50 * attempt);
      }
    }
    await consume.onGiveUp(entry, lastError);
  }

  /** Acknowledgements are gathered and sent with one XACK per turn of the event loop. */
  private acknowledge(id: string): void {
    this.acks.push(id);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
  }

  private async flush(): Promise<void> {
    for (;;) {
      const ids = this.acks;
      this.acks = [];
      if (ids.length === 0) break;
      try {
        await this.init.redis.xack(this.stream, this.init.group, ...ids);
      } catch (error) {
        // Unacknowledged entries stay pending and are delivered again (handling is idempotent).
        this.init.logger.warn('acknowledgement failed; the entries will be delivered again', { count: ids.length, error });
      }
      for (const id of ids) this.scheduled.delete(id);
    }
    this.flushing = undefined;
  }

  /** Resolves once none of this lane's entries is in the runner and every acknowledgement went out. */
  async drained(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    await this.flushing;
  }

  idle(): Promise<void> {
    return waitForGroup(this.init.redis, this.stream, this.init.group, () => this.init.stopped());
  }

  /** Lowers the delivery count of this consumer's pending entries by one (XCLAIM to itself with RETRYCOUNT). */
  async uncountPending(): Promise<void> {
    const { redis, group, consumer } = this.init;
    const pending = parsePending(await redis.xpending(this.stream, group, '-', '+', this.init.options.batchSize, consumer));
    for (const { id, deliveries } of pending)
      await redis.xclaim(this.stream, group, consumer, 0, id, 'RETRYCOUNT', Math.max(0, deliveries - 1), 'JUSTID');
  }
}
