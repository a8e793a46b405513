import type { Logger } from '../logger';
import type { RedisClient } from '../redis/client';
import { duplicateClient } from '../redis/connect';
import type { RedisKeys } from '../redis/keys';
import { compareStreamIds } from '../redis/stream-position';
import type { StreamEntry } from '../redis/stream-reply';
import { fieldOf, parseEntries } from '../redis/stream-reply';
import { UserInputError } from '../errors';
import type { ChangeCursor } from './change-ids';
import { advance, formatChangeId, parseChangeId, partOf, startCursor } from './change-ids';
import type { ChangeListener, ChangeStreamName, ChangeStreams, Stamped } from './change-stream';
import { RedisChangeTail, TAIL_BLOCK_MS } from './redis-change-tail';
import { UpdatesMissedError } from './updates-missed';

/**
 * Change streams in Redis: one STREAM per change stream and partition, appended by the commit
 * script (lib/redis/scripts/commit.lua) in the commit of the aggregate's state. Reading merges
 * the partitions' pages in (stream id, partition) order and stamps each entry with the cursor
 * after it (change-ids.ts); following is one blocking tail per partition and process, on a
 * connection of its own (RedisChangeTail), fanned out to every listener of the process.
 */
export class RedisChangeStreams implements ChangeStreams {
  private readonly followers_ = new Map<string, PartitionedFollower>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly logger: Logger,
  ) {}

  private get partitions(): number {
    return this.keys.partitions.count;
  }

  /** A client's cursor, checked against this layout. */
  private cursorOf(after: string | undefined): ChangeCursor {
    if (after === undefined) return startCursor(this.partitions);
    const cursor = parseChangeId(after);
    if (cursor.ids.length > this.partitions)
      throw new UserInputError(`not a change stream position of this deployment: ${after.slice(0, 40)}`);
    return cursor;
  }

  async read<T>(stream: ChangeStreamName, after: string | undefined, count: number): Promise<Stamped<T>[]> {
    if (count <= 0) return [];
    const cursor = this.cursorOf(after);
    const pages = await Promise.all(
      Array.from({ length: this.partitions }, async (_, partition) => {
        const keys = this.keys.in(partition);
        // XRANGE before GET (sent in this order on one connection): a trim between the two can only
        // make the check stricter, never hide an entry XRANGE did not see.
        const [reply, trimmed] = await Promise.all([
          this.redis.xrange(keys.changeStream(stream), `(${partOf(cursor, partition)}`, '+', 'COUNT', count),
          this.redis.get(keys.changeStreamTrimmed(stream)),
        ]);
        return { partition, entries: parseEntries(reply), trimmed };
      }),
    );
    if (after !== undefined) {
      // Entries after the cursor were trimmed in some partition: say where reading can go on.
      let resume: ChangeCursor | null = null;
      for (const { partition, trimmed } of pages) {
        if (trimmed !== null && compareStreamIds(partOf(cursor, partition), trimmed) < 0)
          resume = advance(resume ?? cursor, partition, trimmed);
      }
      if (resume) throw new UpdatesMissedError(after, formatChangeId(resume));
    }
    // Each page holds `count` of its partition's next entries, so the first `count` of the merge are the next overall.
    const merged = pages
      .flatMap(({ partition, entries }) => entries.map((entry) => ({ partition, entry })))
      .sort((a, b) => compareStreamIds(a.entry.id, b.entry.id) || a.partition - b.partition)
      .slice(0, count);
    let running = cursor;
    return merged.map(({ partition, entry }) => {
      running = advance(running, partition, entry.id);
      return entryOf<T>(entry, formatChangeId(running));
    });
  }

  async head(stream: ChangeStreamName): Promise<string | null> {
    const newest = await Promise.all(
      Array.from({ length: this.partitions }, async (_, partition) => {
        const [last] = parseEntries(await this.redis.xrevrange(this.keys.in(partition).changeStream(stream), '+', '-', 'COUNT', 1));
        return last?.id ?? null;
      }),
    );
    if (newest.every((id) => id === null)) return null;
    return formatChangeId({ own: 0, ids: newest.map((id) => id ?? '0-0') });
  }

  async follow<T>(stream: ChangeStreamName, listener: ChangeListener<T>): Promise<() => void> {
    let follower = this.followers_.get(stream);
    if (!follower) this.followers_.set(stream, (follower = new PartitionedFollower(this.redis, this.keys, stream, this.logger)));
    return follower.add(listener as ChangeListener<unknown>);
  }

  followers(stream: ChangeStreamName): number {
    return this.followers_.get(stream)?.size ?? 0;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.followers_.values()].map((f) => f.dispose()));
    this.followers_.clear();
  }
}

/**
 * Every listener of one change stream in this process, fed by one tail per partition. The tails
 * start at their partitions' newest entries; entries are stamped with the running cursor (which
 * advances per partition in each partition's order), so a listener's cursor resumes exactly after
 * what it was told.
 */
class PartitionedFollower {
  private readonly listeners = new Set<ChangeListener<unknown>>();
  private readonly tails: RedisChangeTail[] = [];
  private started: Promise<void> | undefined;
  private cursor: ChangeCursor;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly stream: ChangeStreamName,
    private readonly logger: Logger,
  ) {
    this.cursor = startCursor(keys.partitions.count);
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Resolves once every partition's tail reads from a known id: entries committed after that reach the listener. */
  async add(listener: ChangeListener<unknown>): Promise<() => void> {
    // A start that failed (Redis away) is tried again by the next follower.
    this.started ??= this.start().catch(async (error: unknown) => {
      await Promise.all(this.tails.splice(0).map((tail) => tail.dispose()));
      this.started = undefined;
      throw error;
    });
    await this.started;
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private async start(): Promise<void> {
    const starts = await Promise.all(
      Array.from({ length: this.keys.partitions.count }, (_, partition) => {
        // A connection of its own per partition: one blocked in XREAD serves no other command.
        const blocking = duplicateClient(this.redis, {
          name: `lading-changes-${this.stream}-${partition}`,
          logger: this.logger,
          commandTimeoutMs: TAIL_BLOCK_MS + 5_000,
        });
        const tail = new RedisChangeTail(
          this.redis,
          blocking,
          this.keys.in(partition).changeStream(this.stream),
          (entries) => this.deliver(partition, entries),
          this.logger,
        );
        this.tails.push(tail);
        return tail.start();
      }),
    );
    // Set before any tail reads on, so the running cursor starts where every tail does.
    this.cursor = { own: 0, ids: starts };
    for (const tail of this.tails) tail.run();
  }

  private deliver(partition: number, entries: StreamEntry[]): void {
    // Parsed once for every listener: listeners read records, never change them.
    const stamped = entries.map((entry) => {
      this.cursor = advance(this.cursor, partition, entry.id);
      return entryOf(entry, formatChangeId(this.cursor));
    });
    for (const listener of this.listeners) listener(stamped);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.tails.map((tail) => tail.dispose()));
  }
}

function entryOf<T>(entry: StreamEntry, id: string): Stamped<T> {
  const json = fieldOf(entry, 'c');
  if (json === undefined) throw new Error(`change stream entry ${entry.id} has no record`);
  return { ...(JSON.parse(json) as T), id };
}
