import type { Logger } from '../logger';
import type { RedisClient } from '../redis/client';
import { duplicateClient, waitUntilReady } from '../redis/connect';
import { uniqueConsumerName } from '../redis/consumer-name';
import { parseReadGroupStreams } from '../redis/stream-reply';
import type { ConsumeOptions, Consumption } from './event-log';
import { rescuePending } from './redis-consumer-rescue';
import { ConsumedLane } from './redis-consumed-lane';
import type { RedisConsumptionOptions } from './redis-consumption-options';
import { resolveConsumptionOptions } from './redis-consumption-options';
import type { PartitionLanes } from './redis-partition-lanes';
import type { LoggedEvent } from './types';

export interface RedisConsumptionInit {
  redis: RedisClient;
  /** The partition's lanes (log-lanes.ts) and what they share: the runner keeping each aggregate's order, the read cursors. */
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
/** While a lane is full, the read of the others blocks this long at most, so the full one is read again soon after it has room. */
const SHORT_BLOCK_MS = 20;

/**
 * One consumer of a consumer group on one partition (the instance leasing the partition,
 * redis-log-consumption.ts), for all its lanes (redis-consumed-lane.ts) with one blocking read:
 * every lane with room is read at once, the real-time lane's entries taken up first. Entries are
 * handled in parallel across aggregates, in order within one whatever the lane
 * (redis-partition-lanes.ts); acknowledgements are sent together. The consumer renews a
 * heartbeat, and the others claim its pending entries once that has expired.
 */
export class RedisConsumption implements Consumption {
  private readonly options: RedisConsumptionOptions;
  private readonly consumer = uniqueConsumerName();
  private readonly logger: Logger;
  /** A connection blocked in XREADGROUP can serve no other command, so the blocking read gets its own. */
  private readonly blocking: RedisClient;
  private readonly blockMs: number;
  private readonly lanes: ConsumedLane[];
  private readonly loop: Promise<void>;
  private disposed = false;
  private failing = false;
  private nextRescueAt = 0;
  private rescuing: Promise<void> | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  private beating = false;

  constructor(private readonly init: RedisConsumptionInit) {
    this.options = resolveConsumptionOptions(init.options);
    this.logger = init.logger.child({ group: init.group, consumer: this.consumer });
    this.blockMs = Math.min(1_000, this.options.heartbeatMs);
    this.lanes = init.lanes.lanes.map(
      (lane) =>
        new ConsumedLane({
          redis: init.redis,
          lane,
          lanes: init.lanes,
          group: init.group,
          consumer: this.consumer,
          handler: init.handler,
          consume: init.consume,
          logger: this.logger,
          options: this.options,
          stopped: () => this.disposed,
        }),
    );
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
        for (const lane of this.lanes) lane.reset();
        await sleep(this.options.retryDelayMs);
      }
    }
  }

  private async step(): Promise<void> {
    for (const lane of this.lanes) await lane.ready();
    // The heartbeat is written before anything is read, so a consumer holding entries always had one.
    if (!this.beating) await this.beat();
    // Claiming a dead consumer's entries takes a few round trips per lane: it runs beside the
    // reads, so a real-time entry is never read late for it.
    if (Date.now() >= this.nextRescueAt && !this.rescuing) {
      this.nextRescueAt = Date.now() + this.options.heartbeatMs;
      this.rescuing = this.rescue()
        .catch((error: unknown) => this.logger.warn('could not look for entries of dead consumers; trying again', { error }))
        .finally(() => (this.rescuing = undefined));
    }
    let recovering = false;
    for (const lane of this.lanes) if (lane.recovering) recovering = (await lane.recover()) || recovering;
    if (recovering) return;
    // A lane is read only with room for a useful part of a batch, and no more than that room, so
    // taking up what was read never waits; a full lane is read again as soon as it has room.
    const chunk = Math.max(1, Math.min(this.options.batchSize, Math.ceil(this.options.parallel / 4)));
    const open = this.lanes.filter((lane) => lane.room >= chunk);
    if (open.length === 0) {
      await Promise.race(this.lanes.map((lane) => lane.roomFor(chunk)));
      return;
    }
    const count = Math.min(this.options.batchSize, ...open.map((lane) => lane.room));
    const block = open.length === this.lanes.length ? this.blockMs : SHORT_BLOCK_MS;
    const reply = await this.blocking.xreadgroup(
      'GROUP',
      this.init.group,
      this.consumer,
      'COUNT',
      count,
      'BLOCK',
      block,
      'STREAMS',
      ...open.map((lane) => lane.stream),
      ...open.map(() => '>'),
    );
    const read = parseReadGroupStreams(reply);
    // In lane order: the real-time lane's entries go to the runner first.
    for (const lane of open) for (const entry of read.get(lane.stream) ?? []) lane.schedule(entry, 0);
    // A short read means this consumer has caught up: waiting a moment lets the next entries
    // gather into one read (fewer reads, larger pipelines and acknowledgements) for at most that
    // moment of latency. A full read goes on at once; an empty one blocked already.
    const most = Math.max(0, ...[...read.values()].map((entries) => entries.length));
    if (most > 0 && most < count && this.options.readLingerMs > 0) await sleep(this.options.readLingerMs);
  }

  private async rescue(): Promise<void> {
    for (const lane of this.lanes) {
      const rescued = await rescuePending({
        ...this.init,
        stream: lane.stream,
        consumer: this.consumer,
        claimIdleMs: this.options.claimIdleMs,
        minIdleMs: this.options.heartbeatMs,
        batchSize: this.options.batchSize,
        logger: this.logger,
      });
      for (const { entry, prior } of rescued) lane.schedule(entry, prior);
    }
  }

  idle(): Promise<void> {
    return Promise.all(this.lanes.map((lane) => lane.idle())).then(() => undefined);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.heartbeat);
    this.blocking.disconnect(); // interrupts a blocked XREADGROUP at once
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.options.disposeTimeoutMs)));
    const finished = Promise.all([this.loop, this.rescuing, ...this.lanes.map((lane) => lane.drained())]).then(() => true);
    const stopped = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (!stopped) this.logger.warn('handler still running at dispose; its entry stays pending until claimed');
    // Stopping is not failing: what is left pending is handed over with one delivery fewer, so the
    // next holder's claim does not count as an attempt (a partition handed over several times
    // under load would otherwise give up on healthy entries). Only a consumer that dies holding an
    // entry leaves its delivery counted.
    if (stopped) await Promise.all(this.lanes.map((lane) => lane.uncountPending().catch(() => undefined)));
    // Without the heartbeat, another instance takes over what is left pending at once.
    await this.init.redis.del(this.init.heartbeatKey(this.consumer)).catch(() => undefined);
    this.init.onDispose();
  }
}
