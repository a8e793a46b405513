import type { Logger } from '../logger';
import type { RedisClient } from '../redis/client';
import { pingEveryMaster } from '../redis/connect';
import type { RedisKeys } from '../redis/keys';
import type { ReplicaRequirement } from '../redis/replication';
import { awaitReplicas } from '../redis/replication';
import { runScript } from '../redis/scripts';
import { TickBatch } from '../redis/tick-batch';
import { compareStreamIds, partitionedPositionOf, partitionedPositionParts } from '../redis/stream-position';
import type { StreamEntry } from '../redis/stream-reply';
import { parseEntries } from '../redis/stream-reply';
import type { AppendOutcome, ConsumeOptions, Consumption, EventLog, GroupProgress } from './event-log';
import { groupProgress } from './redis-group-progress';
import { RedisLogConsumption, waitForAllPartitions } from './redis-log-consumption';
import type { RedisConsumptionOptions } from './redis-consumption-options';
import { startLogTrimmer } from './redis-log-trimmer';
import { DEFAULTS } from '../settings';
import { generationsAt } from './retention';
import { ENTRY_FIELD, TYPE_FIELD, encodeEntryPayload, toLoggedEvent } from './redis-log-entry';
import type { CanonicalEvent, LoggedEvent } from './types';
import { eventKey, routeOf } from './types';

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
  /** How often the streams are trimmed of entries every group handled and the window no longer needs (default 10 s). */
  trimIntervalMs?: number;
  /**
   * Replicas an append to a partition's stream must reach before it counts as accepted
   * (`LADING_REDIS_MIN_REPLICAS` resolved per shard, replication.ts; 0 waits for none). Fewer within the wait: the append is refused (503), and the
   * sender's retry is deduplicated.
   */
  minReplicas?: ReplicaRequirement;
}

/**
 * The event log on Redis Streams, partitioned by aggregate (docs/redis-layout.md): an event goes
 * to the stream of its aggregate's partition, beside that partition's deduplication entries, so
 * each append script touches one slot. Appends made in one turn of the event loop are one script
 * call per partition. Each consumer group is one subgraph; its instances divide the partitions
 * (redis-log-consumption.ts).
 *
 * The command connection is borrowed (the runtime owns and closes it); each consumption opens
 * and closes blocking connections of its own.
 */
export class RedisEventLog implements EventLog {
  private readonly consumptions = new Set<RedisLogConsumption>();
  private readonly retentionMs: number;
  /** Appends of one partition made in the same turn go out as one script call (at most 100 events, so Redis is never blocked long). */
  private readonly appends = new Map<number, TickBatch<PendingAppend, [string, string?]>>();
  private readonly trimmer: { dispose(): void };
  private disposed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly logger: Logger,
    private readonly options: RedisEventLogOptions = {},
  ) {
    this.retentionMs = options.retentionMs ?? DEFAULTS.LADING_EVENT_RETENTION;
    this.trimmer = startLogTrimmer(redis, this.streams(), this.retentionMs, options.trimIntervalMs ?? 10_000, logger);
  }

  private streams(): string[] {
    return Array.from({ length: this.keys.partitions.count }, (_, n) => this.keys.in(n).eventStream);
  }

  async append(event: CanonicalEvent, contentHash: string, ingestTraceparent?: string): Promise<AppendOutcome> {
    const recordedAt = new Date().toISOString();
    const partition = this.keys.partitions.of(routeOf(event));
    let batch = this.appends.get(partition);
    if (!batch) this.appends.set(partition, (batch = new TickBatch((items) => this.appendBatch(partition, items), 100)));
    const [status, id] = await batch.add({ event, contentHash, recordedAt, ingestTraceparent });
    switch (status) {
      case 'accepted':
        return {
          status: 'accepted',
          entry: {
            position: partitionedPositionOf(String(id), partition),
            recordedAt,
            event,
            ...(ingestTraceparent && { ingestTraceparent }),
          },
        };
      case 'duplicate':
        return { status: 'duplicate' };
      case 'conflict':
        return { status: 'conflict' };
      default:
        throw new Error(`unexpected reply from append script: ${String(status)}`);
    }
  }

  /** The appends of one partition made in one turn of the event loop (an ingest batch), in call order, as one script call. */
  private async appendBatch(partition: number, items: PendingAppend[]): Promise<[string, string?][]> {
    const keys = this.keys.in(partition);
    const generations = generationsAt(Date.now(), this.retentionMs);
    const args = [String(generations.ttlMs)];
    for (const { event, contentHash, recordedAt, ingestTraceparent } of items)
      args.push(eventKey(event), contentHash, encodeEntryPayload(event, recordedAt, ingestTraceparent), event.type);
    const replies = (await runScript(
      this.redis,
      'ladingAppendUnique',
      [...generations.live.map((g) => keys.eventDedup(g)), keys.eventStream],
      args,
    )) as [string, string?][];
    // Accepted means replicated: nothing is answered before the shard's replicas have it.
    if (replies.some(([status]) => status === 'accepted'))
      await awaitReplicas(this.redis, keys.eventStream, this.options.minReplicas?.(keys.eventStream) ?? 0);
    return replies;
  }

  async reappend(event: CanonicalEvent, ingestTraceparent?: string): Promise<LoggedEvent> {
    const recordedAt = new Date().toISOString();
    const partition = this.keys.partitions.of(routeOf(event));
    const stream = this.keys.in(partition).eventStream;
    const id = await this.redis.xadd(
      stream,
      '*',
      ENTRY_FIELD,
      encodeEntryPayload(event, recordedAt, ingestTraceparent),
      TYPE_FIELD,
      event.type,
    );
    if (id === null) throw new Error('XADD stored nothing');
    await awaitReplicas(this.redis, stream, this.options.minReplicas?.(stream) ?? 0);
    return { position: partitionedPositionOf(id, partition), recordedAt, event, ...(ingestTraceparent && { ingestTraceparent }) };
  }

  consume(group: string, handler: (entry: LoggedEvent) => Promise<void>, options: ConsumeOptions): Consumption {
    const consumption = new RedisLogConsumption({
      redis: this.redis,
      keys: this.keys,
      group,
      handler,
      consume: options,
      logger: this.logger,
      options: this.options,
      onDispose: () => this.consumptions.delete(consumption),
    });
    this.consumptions.add(consumption);
    return consumption;
  }

  /**
   * Entries after `after` in (stream id, partition) order: each partition's next page is read (one
   * XRANGE each, exclusive of the position in its own partition and of earlier ids in the others)
   * and the pages merged.
   */
  async read(after: string | undefined, count: number): Promise<LoggedEvent[]> {
    if (count <= 0) return [];
    const from = after === undefined ? undefined : partitionedPositionParts(after);
    const pages = await Promise.all(
      this.streams().map(async (stream, partition) => {
        // `(` makes the start exclusive (Redis 6.2+); partitions after the cursor's own include its id.
        const start = from === undefined ? '-' : partition > from.partition ? from.streamId : `(${from.streamId}`;
        const entries = parseEntries(await this.redis.xrange(stream, start, '+', 'COUNT', count));
        return entries.map((entry) => ({ entry, partition }));
      }),
    );
    return pages
      .flat()
      .sort((a, b) => compareStreamIds(a.entry.id, b.entry.id) || a.partition - b.partition)
      .slice(0, count)
      .map(({ entry, partition }: { entry: StreamEntry; partition: number }) => toLoggedEvent(entry, partition));
  }

  progressByPartition(group: string): Promise<(GroupProgress & { partition: number })[]> {
    return Promise.all(
      this.streams().map(async (stream, partition) => ({ partition, ...(await groupProgress(this.redis, stream, group, partition)) })),
    );
  }

  /** The group's backlog summed over the partitions, its oldest unhandled entry the oldest of theirs. */
  async progress(group: string): Promise<GroupProgress> {
    const all = await this.progressByPartition(group);
    const oldest = all.map((p) => p.oldestRecordedAt).filter((at): at is string => at !== null);
    return { backlog: all.reduce((sum, p) => sum + p.backlog, 0), oldestRecordedAt: oldest.length === 0 ? null : oldest.sort()[0] };
  }

  settled(group: string): Promise<void> {
    return waitForAllPartitions(this.redis, this.keys, group, () => this.disposed);
  }

  /** Every master answers (on a cluster, a shard away is named: readiness shows it). */
  ping(): Promise<void> {
    return pingEveryMaster(this.redis);
  }

  async dispose(): Promise<void> {
    this.trimmer.dispose();
    this.disposed = true;
    await Promise.all([...this.consumptions].map((c) => c.dispose()));
  }
}
