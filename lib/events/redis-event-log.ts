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
import { sumProgress } from './event-log';
import { groupProgress } from './redis-group-progress';
import { RedisLogConsumption, waitForAllPartitions } from './redis-log-consumption';
import type { RedisConsumptionOptions } from './redis-consumption-options';
import { startLogTrimmer } from './redis-log-trimmer';
import { DEFAULTS } from '../settings';
import { generationsAt } from './retention';
import { encodeEntryPayload, toLoggedEvent } from './redis-log-entry';
import { allLaneStreams, laneStream } from './log-lanes';
import { partitionOf } from './partitions';
import type { SyncClass } from './sync-classes';
import { SYNC_CLASSES, laneOf, syncClassifier } from './sync-classes';
import type { CanonicalEvent, LoggedEvent } from './types';
import { eventKey, routeOf } from './types';

interface PendingAppend {
  event: CanonicalEvent;
  /** Its synchronisation class's lane. */
  lane: number;
  /** Deduplicated unless false (a replay). */
  unique: boolean;
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
  /** Each event's synchronisation class, its lane (default: the type's documented class). */
  classify?: (event: CanonicalEvent) => SyncClass;
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
  private readonly classify: (event: CanonicalEvent) => SyncClass;
  private disposed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly logger: Logger,
    private readonly options: RedisEventLogOptions = {},
  ) {
    this.retentionMs = options.retentionMs ?? DEFAULTS.LADING_EVENT_RETENTION;
    this.classify = options.classify ?? syncClassifier();
    this.trimmer = startLogTrimmer(redis, this.streams(), this.retentionMs, options.trimIntervalMs ?? 10_000, logger);
  }

  /** Every stream of the log (each partition's lanes). */
  private streams(): string[] {
    return allLaneStreams(this.keys).map((s) => s.stream);
  }

  append(event: CanonicalEvent, contentHash: string, ingestTraceparent?: string): Promise<AppendOutcome> {
    return this.add(event, contentHash, ingestTraceparent, true);
  }

  private async add(
    event: CanonicalEvent,
    contentHash: string,
    ingestTraceparent: string | undefined,
    unique: boolean,
  ): Promise<AppendOutcome> {
    const recordedAt = new Date().toISOString();
    const partition = this.keys.partitions.of(routeOf(event));
    const lane = laneOf(this.classify(event));
    let batch = this.appends.get(partition);
    if (!batch) this.appends.set(partition, (batch = new TickBatch((items) => this.appendBatch(partition, items), 100)));
    const [status, id] = await batch.add({ event, lane, unique, contentHash, recordedAt, ingestTraceparent });
    switch (status) {
      case 'accepted':
        return {
          status: 'accepted',
          entry: {
            position: partitionedPositionOf(String(id), laneStream(this.keys, partition, lane).index),
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
    for (const { event, lane, unique, contentHash, recordedAt, ingestTraceparent } of items)
      args.push(
        unique ? eventKey(event) : '',
        contentHash,
        encodeEntryPayload(event, recordedAt, ingestTraceparent),
        event.type,
        String(lane),
        partitionOf(event) ?? '',
      );
    const replies = (await runScript(
      this.redis,
      'ladingAppendUnique',
      [
        ...generations.live.map((g) => keys.eventDedup(g)),
        ...SYNC_CLASSES.map((_, lane) => keys.eventLane(lane)),
        ...generations.live.map((g) => keys.eventLaneTails(g)),
      ],
      args,
    )) as [string, string?][];
    // Accepted means replicated: nothing is answered before the shard's replicas have it.
    if (replies.some(([status]) => status === 'accepted'))
      await awaitReplicas(this.redis, keys.eventStream, this.options.minReplicas?.(keys.eventStream) ?? 0);
    return replies;
  }

  async reappend(event: CanonicalEvent, ingestTraceparent?: string): Promise<LoggedEvent> {
    const outcome = await this.add(event, '', ingestTraceparent, false);
    if (outcome.status !== 'accepted')
      throw new Error(`a replay is appended without deduplication, yet the log answered ${outcome.status}`);
    return outcome.entry;
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

  /** Per stream of the log (each partition's lanes). */
  private progressByStream(group: string) {
    return Promise.all(
      allLaneStreams(this.keys).map(async (lane) => ({ ...lane, ...(await groupProgress(this.redis, lane.stream, group, lane.index)) })),
    );
  }

  async progressByPartition(group: string): Promise<(GroupProgress & { partition: number })[]> {
    const all = await this.progressByStream(group);
    return Array.from({ length: this.keys.partitions.count }, (_, partition) => ({
      partition,
      ...sumProgress(all.filter((p) => p.partition === partition)),
    }));
  }

  async progressByClass(group: string): Promise<(GroupProgress & { syncClass: SyncClass })[]> {
    const all = await this.progressByStream(group);
    return SYNC_CLASSES.map((syncClass, lane) => ({ syncClass, ...sumProgress(all.filter((p) => p.lane === lane)) }));
  }

  /** The group's backlog summed over the partitions, its oldest unhandled entry the oldest of theirs. */
  async progress(group: string): Promise<GroupProgress> {
    return sumProgress(await this.progressByStream(group));
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
