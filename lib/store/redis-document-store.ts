import { hash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { DEFAULTS } from '../settings';
import type { RedisKeys } from '../redis/keys';
import { runScript } from '../redis/scripts';
import { TickBatch } from '../redis/tick-batch';
import type { DocumentStore, Precondition, RangeOptions, Write } from './document-store';

/**
 * DocumentStore on Redis: a collection is a HASH of id → JSON, an index a ZSET at score 0 (so it
 * orders lexically), and a commit is one Lua script, atomic with its preconditions. The reads and
 * commits made in one turn of the event loop (a consumer applying many aggregates at once) are
 * sent together: one HMGET per collection, one script call for the commits.
 *
 * The connection is borrowed: the runtime that created it shares it between stores and the event
 * log and closes it, so `dispose` leaves it open.
 */
export class RedisDocumentStore implements DocumentStore {
  /** Reads made in the same turn of the event loop: one HMGET per collection for all of them. */
  private readonly reads: TickBatch<{ key: string; ids: readonly string[] }, (string | null)[]>;
  /** Commits made in the same turn: one script call, each commit applied or refused on its own. */
  private readonly commits: TickBatch<{ writes: readonly Write[]; preconditions: readonly Precondition[] }, boolean>;

  /** Change stream entries older than this are trimmed as new ones are appended. */
  private readonly retentionMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly namespace: string,
    options: { retentionMs?: number; clock?: Clock } = {},
  ) {
    this.retentionMs = options.retentionMs ?? DEFAULTS.LADING_EVENT_RETENTION;
    this.clock = options.clock ?? systemClock;
    this.reads = new TickBatch((items) => this.readBatch(items), 1_000);
    // Bounded so one script call never holds Redis for long.
    this.commits = new TickBatch((items) => this.commitBatch(items), 100);
  }

  async getMany<T>(collection: string, ids: readonly string[]): Promise<(T | null)[]> {
    return (await this.getRaw(collection, ids)).map((json) => (json === null ? null : (JSON.parse(json) as T)));
  }

  async getRaw(collection: string, ids: readonly string[]): Promise<(string | null)[]> {
    if (ids.length === 0) return [];
    return this.reads.add({ key: this.keys.documents(this.namespace, collection), ids });
  }

  private async readBatch(items: { key: string; ids: readonly string[] }[]): Promise<(string | null)[][]> {
    const byKey = new Map<string, string[]>();
    const offsets = items.map(({ key, ids }) => {
      let all = byKey.get(key);
      if (!all) byKey.set(key, (all = []));
      const offset = all.length;
      all.push(...ids);
      return offset;
    });
    // Sent together: one pipelined round trip.
    const replies = new Map(await Promise.all([...byKey].map(async ([key, ids]) => [key, await this.redis.hmget(key, ...ids)] as const)));
    return items.map(({ key, ids }, i) => replies.get(key)!.slice(offsets[i], offsets[i] + ids.length));
  }

  async range(index: string, options: RangeOptions): Promise<string[]> {
    if (options.first <= 0) return [];
    const min = options.after === undefined ? '-' : `(${options.after}`;
    return this.redis.zrangebylex(this.keys.index(this.namespace, index), min, '+', 'LIMIT', 0, options.first);
  }

  async count(index: string): Promise<number> {
    return this.redis.zcard(this.keys.index(this.namespace, index));
  }

  async commit(writes: readonly Write[], preconditions: readonly Precondition[] = []): Promise<boolean> {
    if (writes.length === 0 && preconditions.length === 0) return true;
    return this.commits.add({ writes, preconditions });
  }

  private async commitBatch(commits: { writes: readonly Write[]; preconditions: readonly Precondition[] }[]): Promise<boolean[]> {
    const keys = new KeyList();
    // Documents travel as script arguments of their own (no JSON-in-JSON escaping); a
    // precondition sends the SHA-1 of the expected document, not the document a second time.
    const args: string[] = [];
    const arg = (value: string) => args.push(value) + 1;
    // Stream ids start with Redis' time in ms: entries before this one are past retention.
    const trimBefore = String(Math.max(0, this.clock.now() - this.retentionMs));
    const encoded = commits.map(({ writes, preconditions }) => {
      const pre = preconditions.map((p) => {
        const slot = keys.slot(this.keys.documents(this.namespace, p.collection));
        return p.expected === null ? [slot, p.id] : [slot, p.id, arg(hash('sha1', p.expected))];
      });
      const ops = writes.map((w) => {
        switch (w.kind) {
          case 'put':
            return ['put', keys.slot(this.keys.documents(this.namespace, w.collection)), w.id, arg(w.json ?? JSON.stringify(w.doc))];
          case 'delete':
            return ['del', keys.slot(this.keys.documents(this.namespace, w.collection)), w.id];
          case 'index':
            return ['zadd', keys.slot(this.keys.index(this.namespace, w.index)), w.id];
          case 'unindex':
            return ['zrem', keys.slot(this.keys.index(this.namespace, w.index)), w.id];
          case 'expire':
            return ['expire', keys.slot(this.keys.documents(this.namespace, w.collection)), String(Math.max(1, Math.ceil(w.ttlMs)))];
          case 'append':
            return [
              'xadd',
              keys.slot(this.keys.changeStream(w.stream)),
              arg(w.json ?? JSON.stringify(w.record)),
              trimBefore,
              keys.slot(this.keys.changeStreamTrimmed(w.stream)),
            ];
        }
      });
      return { pre, ops };
    });
    const applied = (await runScript(this.redis, 'ladingCommit', keys.list, [JSON.stringify(encoded), ...args])) as number[];
    return applied.map((result) => result === 1);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async dispose(): Promise<void> {}
}

/** The KEYS of a script call, each once; `slot` is the 1-based position Lua indexes KEYS with. */
class KeyList {
  readonly list: string[] = [];
  private readonly slots = new Map<string, number>();

  slot(key: string): number {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      this.list.push(key);
      this.slots.set(key, (slot = this.list.length));
    }
    return slot;
  }
}
