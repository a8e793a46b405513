import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { RedisKeys } from '../redis/keys';
import { positionOf, streamIdOf } from '../redis/stream-position';
import type { StreamEntry } from '../redis/stream-reply';
import { fieldOf, parseEntries } from '../redis/stream-reply';
import { BEFORE_FIRST_CHANGE, checkChangeId } from './change-ids';
import type { ChangeListener, ChangeStreamName, ChangeStreams, Stamped } from './change-stream';
import { RedisChangeTail, TAIL_BLOCK_MS } from './redis-change-tail';
import { duplicateClient } from '../redis/connect';
import { UpdatesMissedError } from './updates-missed';

/**
 * Change streams in Redis: a STREAM per change stream, appended by the commit script
 * (lib/redis/scripts/commit.lua). Reads are XRANGEs on the shared command connection; following
 * is one blocking tail per stream and process, on a connection of its own (RedisChangeTail).
 */
export class RedisChangeStreams implements ChangeStreams {
  private readonly tails = new Map<string, RedisChangeTail>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly logger: Logger,
  ) {}

  async read<T>(stream: ChangeStreamName, after: string | undefined, count: number): Promise<Stamped<T>[]> {
    if (count <= 0) return [];
    const key = this.keys.changeStream(stream);
    const from = after === undefined ? BEFORE_FIRST_CHANGE : checkChangeId(after);
    // XRANGE before GET (sent in this order on one connection): a trim between the two can only
    // make the check stricter, never hide an entry XRANGE did not see.
    const [reply, trimmed] = await Promise.all([this.redis.xrange(key, `(${streamIdOf(from)}`, '+', 'COUNT', count), this.trimmed(stream)]);
    if (after !== undefined && trimmed !== null && after < trimmed) throw new UpdatesMissedError(after, trimmed);
    return parseEntries(reply).map((entry) => entryOf<T>(entry));
  }

  async head(stream: ChangeStreamName): Promise<string | null> {
    const [last] = parseEntries(await this.redis.xrevrange(this.keys.changeStream(stream), '+', '-', 'COUNT', 1));
    return last ? positionOf(last.id) : null;
  }

  /** The newest id trimmed from the stream (kept by the commit script), null when none was. */
  private async trimmed(stream: ChangeStreamName): Promise<string | null> {
    const id = await this.redis.get(this.keys.changeStreamTrimmed(stream));
    return id === null ? null : positionOf(id);
  }

  async follow<T>(stream: ChangeStreamName, listener: ChangeListener<T>): Promise<() => void> {
    let tail = this.tails.get(stream);
    if (!tail) {
      const key = this.keys.changeStream(stream);
      // A connection of its own: one blocked in XREAD serves no other command.
      const blocking = duplicateClient(this.redis, {
        name: `lading-changes-${stream}`,
        logger: this.logger,
        commandTimeoutMs: TAIL_BLOCK_MS + 5_000,
      });
      tail = new RedisChangeTail(this.redis, blocking, key, (entry) => entryOf(entry), this.logger);
      this.tails.set(stream, tail);
    }
    return tail.add(listener as ChangeListener<unknown>);
  }

  followers(stream: ChangeStreamName): number {
    return this.tails.get(stream)?.size ?? 0;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.tails.values()].map((tail) => tail.dispose()));
    this.tails.clear();
  }
}

function entryOf<T>(entry: StreamEntry): Stamped<T> {
  const json = fieldOf(entry, 'c');
  if (json === undefined) throw new Error(`change stream entry ${entry.id} has no record`);
  return { ...(JSON.parse(json) as T), id: positionOf(entry.id) };
}
