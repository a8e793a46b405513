import type { Redis } from 'ioredis';
import { Logger } from '../logger';
import { duplicateClient, waitUntilReady } from '../redis/connect';
import { uniqueConsumerName } from '../redis/consumer-name';
import { StreamEntry, parseAutoClaim, parsePending, parseReadGroup } from '../redis/stream-reply';
import { ConsumeOptions, Consumption } from './event-log';
import { RedisConsumptionOptions, resolveConsumptionOptions } from './redis-consumption-options';
import { waitForGroup } from './redis-group-progress';
import { toLoggedEvent } from './redis-log-entry';
import { LoggedEvent } from './types';

export interface RedisConsumptionInit {
  redis: Redis;
  stream: string;
  group: string;
  handler: (entry: LoggedEvent) => Promise<void>;
  consume: ConsumeOptions;
  logger: Logger;
  options: Partial<RedisConsumptionOptions>;
  onDispose(): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * One consumer of a consumer group, handling entries one at a time in stream order; instances
 * with the same group share the entries. An entry is acknowledged only once handled (or given
 * up on), so one a dead consumer left pending is claimed and handled by another.
 */
export class RedisConsumption implements Consumption {
  private readonly options: RedisConsumptionOptions;
  private readonly consumer = uniqueConsumerName();
  private readonly logger: Logger;
  /** A connection blocked in XREADGROUP can serve no other command, so the blocking read gets its own. */
  private readonly blocking: Redis;
  private readonly blockMs: number;
  private readonly loop: Promise<void>;
  private disposed = false;
  private groupReady = false;
  /** After an error, this consumer's own pending entries are handled again before new ones. */
  private recovering = true;
  private failing = false;
  private claimCursor = '0-0';

  constructor(private readonly init: RedisConsumptionInit) {
    this.options = resolveConsumptionOptions(init.options);
    this.logger = init.logger.child({ group: init.group, consumer: this.consumer });
    this.blockMs = Math.min(1_000, this.options.claimIdleMs);
    this.blocking = duplicateClient(init.redis, { name: `lading-consume-${init.group}`, logger: this.logger, commandTimeoutMs: this.blockMs + 5_000 });
    this.loop = this.run();
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
    const { redis, stream, group } = this.init;
    if (!this.groupReady) {
      // '0': a new group starts from the beginning of the log; MKSTREAM: the log may still be empty.
      await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM').catch((error: Error) => {
        if (!error.message.includes('BUSYGROUP')) throw error;
      });
      this.groupReady = true;
    }
    const batch = this.options.batchSize;
    const claim = parseAutoClaim(await redis.xautoclaim(stream, group, this.consumer, this.options.claimIdleMs, this.claimCursor, 'COUNT', batch));
    this.claimCursor = claim.cursor;
    if (claim.entries.length > 0) {
      this.logger.warn('claimed entries pending longer than claimIdleMs (a consumer died?)', { count: claim.entries.length });
      return this.handleAll(claim.entries, await this.priorDeliveries(claim.entries));
    }
    if (this.recovering) {
      const own = parseReadGroup(await redis.xreadgroup('GROUP', group, this.consumer, 'COUNT', batch, 'STREAMS', stream, '0'));
      if (own.length > 0) return this.handleAll(own, new Map());
      this.recovering = false;
    }
    const fresh = await this.blocking.xreadgroup('GROUP', group, this.consumer, 'COUNT', batch, 'BLOCK', this.blockMs, 'STREAMS', stream, '>');
    await this.handleAll(parseReadGroup(fresh), new Map());
  }

  /** Deliveries before this claim, each counted as an attempt: a poison entry that kills its consumer is not retried forever. */
  private async priorDeliveries(entries: readonly StreamEntry[]): Promise<Map<string, number>> {
    const { redis, stream, group } = this.init;
    const pending = parsePending(await redis.xpending(stream, group, entries[0].id, entries[entries.length - 1].id, entries.length + this.options.batchSize, this.consumer));
    return new Map(pending.map((p) => [p.id, p.deliveries - 1]));
  }

  private async handleAll(entries: readonly StreamEntry[], prior: Map<string, number>): Promise<void> {
    for (const entry of entries) {
      if (this.disposed) return;
      if (entry.fields !== null) await this.handle(entry, prior.get(entry.id) ?? 0);
      await this.init.redis.xack(this.init.stream, this.init.group, entry.id);
    }
  }

  /** Tries an entry up to `maxAttempts` times in place (so order holds), then gives up on it. */
  private async handle(raw: StreamEntry, prior: number): Promise<void> {
    const { handler, consume, redis } = this.init;
    let entry: LoggedEvent;
    try {
      entry = toLoggedEvent(raw);
    } catch (error) {
      return this.logger.error('unreadable stream entry skipped', { id: raw.id, error });
    }
    let lastError = new Error(`already delivered ${prior} time(s) to consumers that stopped before finishing`);
    for (let attempt = prior + 1; attempt <= consume.maxAttempts; attempt++) {
      try {
        return await handler(entry);
      } catch (error) {
        // A failure while Redis is away is not the entry's fault: this ping throws, and the loop waits.
        await redis.ping();
        lastError = asError(error);
        if (attempt < consume.maxAttempts) await sleep(50 * attempt);
      }
    }
    await consume.onGiveUp(entry, lastError);
  }

  idle(): Promise<void> {
    return waitForGroup(this.init.redis, this.init.stream, this.init.group, () => this.disposed);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.blocking.disconnect(); // interrupts a blocked XREADGROUP at once
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.options.disposeTimeoutMs)));
    const stopped = await Promise.race([this.loop.then(() => true), timedOut]);
    clearTimeout(timer);
    if (!stopped) this.logger.warn('handler still running at dispose; its entry stays pending until claimed');
    this.init.onDispose();
  }
}
