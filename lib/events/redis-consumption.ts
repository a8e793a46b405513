import type { Logger } from '../logger';
import type { RedisClient } from '../redis/client';
import { duplicateClient, waitUntilReady } from '../redis/connect';
import { uniqueConsumerName } from '../redis/consumer-name';
import type { StreamEntry } from '../redis/stream-reply';
import { parseGroups, parsePending, parseReadGroup } from '../redis/stream-reply';
import type { ConsumeOptions, Consumption } from './event-log';
import type { LaneStream } from './log-lanes';
import { partitionOf } from './partitions';
import type { LaneItem, PartitionLanes } from './redis-partition-lanes';
import { rescuePending } from './redis-consumer-rescue';
import type { RedisConsumptionOptions } from './redis-consumption-options';
import { resolveConsumptionOptions } from './redis-consumption-options';
import { waitForGroup } from './redis-group-progress';
import { entryPointersOf, entryTypeOf, toLoggedEvent } from './redis-log-entry';
import type { LoggedEvent } from './types';

export interface RedisConsumptionInit {
  redis: RedisClient;
  /** The stream this consumes: one lane of one partition (positions name its index). */
  lane: LaneStream;
  /** What the lanes of its partition share: the runner keeping each aggregate's order, the read cursors. */
  lanes: PartitionLanes;
  group: string;
  heartbeatKey(consumer: string): string;
  handler: (entry: LoggedEvent) => Promise<void>;
  consume: ConsumeOptions;
  logger: Logger;
  options: Partial<RedisConsumptionOptions>;
  onDispose(): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * One consumer of a consumer group on one lane of one partition (the instance leasing the
 * partition runs one per lane, redis-log-consumption.ts). Entries are read in batches and handled
 * in parallel across aggregates, in order within one whatever the lane (redis-partition-lanes.ts);
 * each lane has its own room, so a full lane never holds another back. Acknowledgements are sent together. An entry is acknowledged only once handled
 * (or given up on), so one a dead consumer left pending is claimed and handled by another: the
 * consumer renews a heartbeat, and the others claim its entries once that has expired.
 */
export class RedisConsumption implements Consumption {
  private readonly options: RedisConsumptionOptions;
  private readonly consumer = uniqueConsumerName();
  private readonly logger: Logger;
  /** A connection blocked in XREADGROUP can serve no other command, so the blocking read gets its own. */
  private readonly blocking: RedisClient;
  private readonly blockMs: number;
  private readonly stream: string;
  /** Entries of this lane in the runner; at most `parallel`. */
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
  private readonly loop: Promise<void>;
  private disposed = false;
  private groupReady = false;
  /** Whether the partition's lanes were told where this lane starts. */
  private started = false;
  /** After a start or an error, this consumer's own pending entries are handled again before new ones. */
  private recovering = true;
  private failing = false;
  private nextRescueAt = 0;
  private readonly heartbeat: NodeJS.Timeout;
  private beating = false;

  constructor(private readonly init: RedisConsumptionInit) {
    this.options = resolveConsumptionOptions(init.options);
    this.logger = init.logger.child({ group: init.group, consumer: this.consumer });
    this.blockMs = Math.min(1_000, this.options.heartbeatMs);
    this.stream = init.lane.stream;
    this.blocking = duplicateClient(init.redis, {
      name: `lading-consume-${init.group}`,
      logger: this.logger,
      commandTimeoutMs: this.blockMs + 5_000,
    });
    // Renewed on a timer of its own: a consumer busy with slow handlers is still alive.
    this.heartbeat = setInterval(() => void this.beat().catch(() => undefined), this.options.heartbeatMs);
    this.heartbeat.unref();
    this.loop = this.run();
  }

  private async beat(): Promise<void> {
    await this.init.redis.set(this.init.heartbeatKey(this.consumer), '1', 'PX', this.options.heartbeatTtlMs);
    this.beating = true;
  }

  private async run(): Promise<void> {
    while (!this.disposed) {
      try {
        await waitUntilReady(this.blocking, this.options.retryDelayMs * 4);
        await this.step();
        if (this.failing) this.logger.info('event consumption resumed');
        this.failing = false;
      } catch (error) {
        if (this.disposed) return;
        if (!this.failing) this.logger.error('event consumption failing; retrying until Redis answers', { error });
        this.failing = true;
        this.groupReady = false;
        this.recovering = true;
        await sleep(this.options.retryDelayMs);
      }
    }
  }

  private async step(): Promise<void> {
    const { redis, group } = this.init;
    const stream = this.stream;
    if (!this.groupReady) {
      // '0': a new group starts from the beginning of the log; MKSTREAM: the log may still be empty.
      await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM').catch((error: Error) => {
        if (!error.message.includes('BUSYGROUP')) throw error;
      });
      this.groupReady = true;
    }
    if (!this.started) {
      const info = parseGroups(await redis.xinfo('GROUPS', stream)).find((g) => g.name === group);
      this.init.lanes.start(this.init.lane.lane, info?.lastDeliveredId ?? '0-0');
      this.started = true;
    }
    // The heartbeat is written before anything is read, so a consumer holding entries always had one.
    if (!this.beating) await this.beat();
    if (Date.now() >= this.nextRescueAt) {
      const rescued = await rescuePending({
        ...this.init,
        stream,
        consumer: this.consumer,
        claimIdleMs: this.options.claimIdleMs,
        minIdleMs: this.options.heartbeatMs,
        batchSize: this.options.batchSize,
        logger: this.logger,
      });
      for (const { entry, prior } of rescued) await this.schedule(entry, prior);
      this.nextRescueAt = Date.now() + this.options.heartbeatMs;
    }
    const batch = this.options.batchSize;
    if (this.recovering) {
      const own = parseReadGroup(await redis.xreadgroup('GROUP', group, this.consumer, 'COUNT', batch, 'STREAMS', stream, '0'));
      const fresh = own.filter((e) => !this.scheduled.has(e.id));
      for (const entry of fresh) await this.schedule(entry, 0);
      // A full page may hide more below it; a page of only scheduled ones is as far as this goes.
      if (own.length === batch && fresh.length > 0) return;
      this.recovering = false;
    }
    await this.room();
    const read = parseReadGroup(
      await this.blocking.xreadgroup('GROUP', group, this.consumer, 'COUNT', batch, 'BLOCK', this.blockMs, 'STREAMS', stream, '>'),
    );
    for (const entry of read) await this.schedule(entry, 0);
    // A short read means this consumer has caught up: waiting a moment lets the next entries
    // gather into one read (fewer reads, larger pipelines and acknowledgements) for at most that
    // moment of latency. A full read goes on at once; an empty one blocked already.
    if (read.length > 0 && read.length < batch && this.options.readLingerMs > 0) await sleep(this.options.readLingerMs);
  }

  private async room(): Promise<void> {
    while (this.inFlight >= this.options.parallel) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    this.inFlight--;
    this.waiters.splice(0).forEach((wake) => wake());
  }

  /** Takes up an entry: queued in the runner, or acknowledged unhandled; a first delivery moves the lane's cursor past it. */
  private async schedule(raw: StreamEntry, prior: number): Promise<void> {
    await this.takeUp(raw, prior);
    if (prior === 0 && !this.disposed) this.init.lanes.advance(this.init.lane.lane, raw.id);
  }

  private async takeUp(raw: StreamEntry, prior: number): Promise<void> {
    if (this.disposed || this.scheduled.has(raw.id)) return;
    // An entry of a type this group ignores is acknowledged as it comes, without being decoded.
    const declared = raw.fields === null ? undefined : entryTypeOf(raw);
    if (declared !== undefined && this.skip(raw.id, declared)) return;
    let entry: LoggedEvent | null = null;
    try {
      if (raw.fields !== null) entry = toLoggedEvent(raw, this.init.lane.index);
    } catch (error) {
      this.logger.error('unreadable stream entry skipped', { id: raw.id, error });
    }
    if (entry !== null && declared === undefined && this.skip(raw.id, entry.event.type)) return;
    await this.room();
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
    if (prior === 0 && this.init.lanes.mayOvertake(this.init.lane.lane, pointers))
      item.pull = () => this.init.lanes.pullForward(this.init.lane.lane, raw.id, entry, pointers, this.init.consume.relevant);
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
        if (this.disposed) return;
        if (!failing) this.logger.warn('entry not handled (Redis away?); retrying', { id, error });
        failing = true;
        await sleep(this.options.retryDelayMs);
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
        this.logger.warn('acknowledgement failed; the entries will be delivered again', { count: ids.length, error });
      }
      for (const id of ids) this.scheduled.delete(id);
    }
    this.flushing = undefined;
  }

  /** Resolves once none of this lane's entries is in the runner. */
  private async drained(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  idle(): Promise<void> {
    return waitForGroup(this.init.redis, this.stream, this.init.group, () => this.disposed);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.heartbeat);
    this.blocking.disconnect(); // interrupts a blocked XREADGROUP at once
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.options.disposeTimeoutMs)));
    const stopped = await Promise.race([Promise.all([this.loop, this.drained()]).then(() => true), timedOut]);
    clearTimeout(timer);
    await this.flushing;
    if (!stopped) this.logger.warn('handler still running at dispose; its entry stays pending until claimed');
    // Stopping is not failing: what is left pending is handed over with one delivery fewer, so the
    // next holder's claim does not count as an attempt (a partition handed over several times
    // under load would otherwise give up on healthy entries). Only a consumer that dies holding an
    // entry leaves its delivery counted.
    if (stopped) await this.uncountPending().catch(() => undefined);
    // Without the heartbeat, another instance takes over what is left pending at once.
    await this.init.redis.del(this.init.heartbeatKey(this.consumer)).catch(() => undefined);
    this.init.onDispose();
  }

  /** Lowers the delivery count of this consumer's pending entries by one (XCLAIM to itself with RETRYCOUNT). */
  private async uncountPending(): Promise<void> {
    const { redis, group } = this.init;
    const stream = this.stream;
    const pending = parsePending(await redis.xpending(stream, group, '-', '+', this.options.batchSize, this.consumer));
    for (const { id, deliveries } of pending)
      await redis.xclaim(stream, group, this.consumer, 0, id, 'RETRYCOUNT', Math.max(0, deliveries - 1), 'JUSTID');
  }
}
