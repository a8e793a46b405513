import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { RedisKeys } from '../redis/keys';
import { runScript } from '../redis/scripts';
import { TickBatch } from '../redis/tick-batch';
import { positionOf, streamIdOf } from '../redis/stream-position';
import { parseEntries } from '../redis/stream-reply';
import type { AppendOutcome, ConsumeOptions, Consumption, EventLog, GroupProgress } from './event-log';
import { groupProgress, waitForGroup } from './redis-group-progress';
import { RedisConsumption } from './redis-consumption';
import type { RedisConsumptionOptions } from './redis-consumption-options';
import { startLogTrimmer } from './redis-log-trimmer';
import { DEFAULTS } from '../settings';
import { generationsAt } from './retention';
import { ENTRY_FIELD, TYPE_FIELD, encodeEntryPayload, toLoggedEvent } from './redis-log-entry';
import type { CanonicalEvent, LoggedEvent } from './types';
import { eventKey } from './types';

interface PendingAppend {
  event: CanonicalEvent;
  contentHash: string;
  recordedAt: string;
  /** The ingest request's trace, kept with the entry when traces are exported. */
  ingestTraceparent?: string;
}

export interface RedisEventLogOptions extends Partial<RedisConsumptionOptions> {
  /** How long deduplication entries and handled entries are kept (default 7 days); see docs/events.md. */
  retentionMs?: number;
  /** How often the stream is trimmed of entries every group handled and the window no longer needs (default 10 s). */
  trimIntervalMs?: number;
}

/**
 * The event log on a Redis Stream, shared by every instance: appends deduplicate in a Lua script
 * (the appends of one turn of the event loop in one call), and each consumer group is one
 * subgraph, its instances sharing the work.
 *
 * The command connection is borrowed (the runtime owns and closes it); each consumption opens
 * and closes a blocking connection of its own.
 */
export class RedisEventLog implements EventLog {
  private readonly consumptions = new Set<RedisConsumption>();
  private readonly retentionMs: number;
  /** Appends made in the same turn go out as one script call (at most 100 events, so Redis is never blocked long). */
  private readonly appends = new TickBatch<PendingAppend, [string, string?]>((items) => this.appendBatch(items), 100);
  private readonly trimmer: { dispose(): void };
  private disposed = false;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly logger: Logger,
    private readonly options: RedisEventLogOptions = {},
  ) {
    this.retentionMs = options.retentionMs ?? DEFAULTS.LADING_EVENT_RETENTION;
    this.trimmer = startLogTrimmer(redis, keys.eventStream, this.retentionMs, options.trimIntervalMs ?? 10_000, logger);
  }

  async append(event: CanonicalEvent, contentHash: string, ingestTraceparent?: string): Promise<AppendOutcome> {
    const recordedAt = new Date().toISOString();
    const [status, id] = await this.appends.add({ event, contentHash, recordedAt, ingestTraceparent });
    switch (status) {
      case 'accepted':
        return {
          status: 'accepted',
          entry: { position: positionOf(String(id)), recordedAt, event, ...(ingestTraceparent && { ingestTraceparent }) },
        };
      case 'duplicate':
        return { status: 'duplicate' };
      case 'conflict':
        return { status: 'conflict' };
      default:
        throw new Error(`unexpected reply from append script: ${String(status)}`);
    }
  }

  /** The appends of one turn of the event loop (an ingest batch), in call order, as one script call. */
  private appendBatch(items: PendingAppend[]): Promise<[string, string?][]> {
    const generations = generationsAt(Date.now(), this.retentionMs);
    const args = [String(generations.ttlMs)];
    for (const { event, contentHash, recordedAt, ingestTraceparent } of items)
      args.push(eventKey(event), contentHash, encodeEntryPayload(event, recordedAt, ingestTraceparent), event.type);
    return runScript(
      this.redis,
      'ladingAppendUnique',
      [...generations.live.map((g) => this.keys.eventDedup(g)), this.keys.eventStream],
      args,
    ) as Promise<[string, string?][]>;
  }

  async reappend(event: CanonicalEvent, ingestTraceparent?: string): Promise<LoggedEvent> {
    const recordedAt = new Date().toISOString();
    const id = await this.redis.xadd(
      this.keys.eventStream,
      '*',
      ENTRY_FIELD,
      encodeEntryPayload(event, recordedAt, ingestTraceparent),
      TYPE_FIELD,
      event.type,
    );
    if (id === null) throw new Error('XADD stored nothing');
    return { position: positionOf(id), recordedAt, event, ...(ingestTraceparent && { ingestTraceparent }) };
  }

  consume(group: string, handler: (entry: LoggedEvent) => Promise<void>, options: ConsumeOptions): Consumption {
    const consumption = new RedisConsumption({
      redis: this.redis,
      stream: this.keys.eventStream,
      group: this.keys.consumerGroup(group),
      heartbeatKey: (consumer) => this.keys.consumerHeartbeat(group, consumer),
      handler,
      consume: options,
      logger: this.logger,
      options: this.options,
      onDispose: () => this.consumptions.delete(consumption),
    });
    this.consumptions.add(consumption);
    return consumption;
  }

  async read(after: string | undefined, count: number): Promise<LoggedEvent[]> {
    if (count <= 0) return [];
    // `(` makes the start exclusive (Redis 6.2+).
    const start = after === undefined ? '-' : `(${streamIdOf(after)}`;
    const reply = await this.redis.xrange(this.keys.eventStream, start, '+', 'COUNT', count);
    return parseEntries(reply).map(toLoggedEvent);
  }

  progress(group: string): Promise<GroupProgress> {
    return groupProgress(this.redis, this.keys.eventStream, this.keys.consumerGroup(group));
  }

  settled(group: string): Promise<void> {
    return waitForGroup(this.redis, this.keys.eventStream, this.keys.consumerGroup(group), () => this.disposed);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async dispose(): Promise<void> {
    this.trimmer.dispose();
    this.disposed = true;
    await Promise.all([...this.consumptions].map((c) => c.dispose()));
  }
}
