import type { Logger } from '../logger';
import type { RedisClient } from '../redis/client';
import { compareStreamIds } from '../redis/stream-position';
import { parseEntries } from '../redis/stream-reply';
import type { ConsumeOptions } from './event-log';
import type { LaneLink, LaneView } from './lane-order';
import { untakenPredecessors } from './lane-order';
import type { LaneStream } from './log-lanes';
import { PartitionCoalescer, PartitionedRunner } from './partitions';
import { entryPointersOf, toLoggedEvent } from './redis-log-entry';
import type { LoggedEvent } from './types';

/** What one lane's consumption hands the partition's shared runner: an entry, and how to settle it. */
export interface LaneItem {
  id: string;
  entry: LoggedEvent;
  /**
   * When the entry may overtake an earlier one of its aggregate: the entries to apply before it,
   * pulled forward from other lanes (which acknowledge them when they reach them, found applied).
   */
  pull?: () => Promise<LoggedEvent[]>;
  owner: {
    /** Handles the entry alone, with its attempts, and acknowledges it. */
    settle(id: string, entry: LoggedEvent, prior: number): Promise<void>;
    acknowledge(id: string): void;
    release(): void;
  };
}

/**
 * What the lanes of one partition share within the instance consuming it (redis-log-consumption.ts):
 * one runner and coalescer, so an aggregate's entries run one at a time whatever their lane, and
 * each lane's read cursor, so an entry that would overtake an earlier one of its aggregate in a
 * lane read less far pulls that one forward (lane-order.ts). Each lane keeps its own room for
 * entries in flight (redis-consumption.ts), so a full bulk lane never holds a real-time entry back.
 */
export class PartitionLanes {
  readonly runner: PartitionedRunner;
  readonly coalescer: PartitionCoalescer<LaneItem>;
  /** Per lane, the newest id taken up (queued in the runner or handled; every entry up to it was); undefined until known. */
  private readonly cursors: (string | undefined)[];
  /** Per lane, settled once its consumption has said where it starts (`start`). */
  private readonly started: Promise<void>[];
  private readonly markStarted: (() => void)[] = [];
  /** Per lane, ids past its cursor already pulled forward: not pulled again (the lane still delivers them, found applied). */
  private readonly pulled: Set<string>[];

  constructor(
    private readonly redis: RedisClient,
    readonly lanes: readonly LaneStream[],
    private readonly handler: (entry: LoggedEvent) => Promise<void>,
    private readonly logger: Logger,
    runLength: number,
    parallelPerLane: number,
  ) {
    this.runner = new PartitionedRunner(parallelPerLane * lanes.length);
    this.coalescer = new PartitionCoalescer<LaneItem>(runLength);
    this.cursors = lanes.map(() => undefined);
    this.pulled = lanes.map(() => new Set<string>());
    this.started = lanes.map((_, lane) => new Promise<void>((resolve) => (this.markStarted[lane] = resolve)));
  }

  /**
   * Where a lane's consumption starts, before its first read: its group's last delivered id (only
   * this instance reads the partition, so what was delivered before it was taken up by earlier holders).
   */
  start(lane: number, lastDeliveredId: string): void {
    this.advance(lane, lastDeliveredId);
    this.markStarted[lane]();
  }

  /** A lane took up its entries up to `id` (they are taken up in id order). */
  advance(lane: number, id: string): void {
    const cursor = this.cursors[lane];
    if (cursor !== undefined && compareStreamIds(id, cursor) <= 0) return;
    this.cursors[lane] = id;
    for (const pulled of this.pulled[lane]) if (compareStreamIds(pulled, id) <= 0) this.pulled[lane].delete(pulled);
  }

  /** Whether an entry with these pointers may overtake an earlier one of its aggregate: known without a round trip. */
  mayOvertake(lane: number, pointers: readonly (string | null)[]): boolean {
    return pointers.some((id, l) => id !== null && l !== lane && !this.taken(l, id));
  }

  private taken(lane: number, id: string): boolean {
    return this.takenNow()(lane, id);
  }

  /** Whether an entry is taken up, as things stand now (a copy: later take-ups do not change its answers, pulls do). */
  takenNow(): (lane: number, id: string) => boolean {
    const cursors = [...this.cursors];
    return (lane, id) => {
      const cursor = cursors[lane] ?? this.cursors[lane];
      return (cursor !== undefined && compareStreamIds(id, cursor) <= 0) || this.pulled[lane].has(id);
    };
  }

  /** The aggregate's earlier entries in lanes read less far, in an order keeping its log order (each to apply before `entry`). */
  async pullForward(
    lane: number,
    id: string,
    entry: LoggedEvent,
    pointers: readonly (string | null)[],
    taken: (lane: number, id: string) => boolean,
    relevant?: (type: string) => boolean,
  ): Promise<LoggedEvent[]> {
    await Promise.all(this.started);
    const view: LaneView<string, LoggedEvent> = {
      taken,
      fetch: async (l, i) => {
        const [raw] = parseEntries(await this.redis.xrange(this.lanes[l].stream, i, i));
        if (!raw?.fields) return null;
        return { lane: l, id: i, pointers: entryPointersOf(raw, this.lanes.length), item: toLoggedEvent(raw, this.lanes[l].index) };
      },
      compare: compareStreamIds,
    };
    const start: LaneLink<string, LoggedEvent> = { lane, id, pointers, item: entry };
    const pulled = await untakenPredecessors(start, view);
    for (const link of pulled) this.pulled[link.lane].add(link.id);
    return pulled.map((link) => link.item).filter((e) => !relevant || relevant(e.event.type));
  }

  /**
   * Runs one aggregate's coalesced items, each after what it pulled forward: as one when the
   * subgraph can, else each on its own.
   */
  async settleRun(run: LaneItem[], consume: Pick<ConsumeOptions, 'handleMany'>): Promise<void> {
    try {
      const seen = new Set<string>();
      const pulled = await Promise.all(
        run.map((item) =>
          item.pull
            ? item.pull().catch((error: unknown) => {
                // Redis away, say: the entry goes on alone, and its lanes still deliver what it would have pulled.
                this.logger.warn("could not pull an aggregate's earlier entries forward; applying without them", { error });
                return [];
              })
            : Promise.resolve([]),
        ),
      );
      const before = pulled.map((entries) => entries.filter((e) => !seen.has(e.position) && seen.add(e.position)));
      if (consume.handleMany && run.length + seen.size > 1) {
        try {
          await consume.handleMany(run.flatMap((item, i) => [...before[i], item.entry]));
          for (const item of run) item.owner.acknowledge(item.id);
          return;
        } catch {
          // Falls through: each entry is retried, and given up on, alone.
        }
      }
      for (const [i, item] of run.entries()) {
        // A pulled-forward entry that fails here is retried, and given up on, when its own lane reaches it.
        for (const entry of before[i]) await this.handler(entry).catch(() => undefined);
        await item.owner.settle(item.id, item.entry, 0);
      }
    } finally {
      for (const item of run) item.owner.release();
    }
  }
}
