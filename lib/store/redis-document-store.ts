import { hash } from 'node:crypto';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { DEFAULTS } from '../settings';
import type { RedisClient } from '../redis/client';
import { pingEveryMaster } from '../redis/connect';
import type { RedisKeys, SlotKeys } from '../redis/keys';
import { runScript } from '../redis/scripts';
import { TickBatch } from '../redis/tick-batch';
import type { DocumentStore, Precondition, RangeOptions, Routes, Write } from './document-store';
import { routeAt } from './document-store';
import { byteOrder } from './byte-order';

/**
 * How a namespace is laid out: `partitioned` (per aggregate, the subgraphs' and the pipeline's
 * state) or `whole` (one slot for the namespace, for state that is not per aggregate and stays
 * small: webhook endpoints and deliveries, the SLA watch).
 */
export type NamespaceLayout = 'partitioned' | 'whole';

interface Commit {
  writes: readonly Write[];
  preconditions: readonly Precondition[];
}

/**
 * DocumentStore on Redis: a collection is a HASH of id → JSON per partition, an index a ZSET at
 * score 0 (so it orders lexically) per partition, and a commit is one Lua script per partition,
 * atomic with its preconditions (see document-store.ts on routes and commits that span
 * partitions). The reads and commits made in one turn of the event loop (a consumer applying many
 * aggregates at once) are sent together: one HMGET per key, one script call per partition.
 *
 * The connection is borrowed: the runtime that created it shares it between stores and the event
 * log and closes it, so `dispose` leaves it open.
 */
export class RedisDocumentStore implements DocumentStore {
  /** Reads made in the same turn of the event loop: one HMGET per key for all of them. */
  private readonly reads: TickBatch<{ key: string; ids: readonly string[] }, (string | null)[]>;
  /** Commits of one partition made in the same turn: one script call, each commit applied or refused on its own. */
  private readonly commits = new Map<number, TickBatch<Commit, boolean>>();
  /** Change stream entries older than this are trimmed as new ones are appended. */
  private readonly retentionMs: number;
  private readonly clock: Clock;
  private readonly layout: NamespaceLayout;
  private readonly whole: SlotKeys;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly namespace: string,
    options: { retentionMs?: number; clock?: Clock; layout?: NamespaceLayout } = {},
  ) {
    this.retentionMs = options.retentionMs ?? DEFAULTS.LADING_EVENT_RETENTION;
    this.clock = options.clock ?? systemClock;
    this.layout = options.layout ?? 'partitioned';
    this.whole = keys.inNamespace(namespace);
    this.reads = new TickBatch((items) => this.readBatch(items), 1_000);
  }

  /**
   * The HASH of each collection per partition, built once: a commit names each several times, and a
   * string built anew is hashed anew at every lookup. Collections are few (index names are not cached:
   * a shipment's timeline is an index of its own).
   */
  private readonly documentKeys = new Map<number, Map<string, string>>();

  private documentsKey(partition: number, collection: string): string {
    let byCollection = this.documentKeys.get(partition);
    if (!byCollection) this.documentKeys.set(partition, (byCollection = new Map<string, string>()));
    let key = byCollection.get(collection);
    if (key === undefined) byCollection.set(collection, (key = this.slotKeys(partition).documents(this.namespace, collection)));
    return key;
  }

  /** The partition a route lives in (always 0 for a namespace kept whole). */
  private partitionOf(route: string): number {
    return this.layout === 'whole' ? 0 : this.keys.partitions.of(route);
  }

  private slotKeys(partition: number): SlotKeys {
    return this.layout === 'whole' ? this.whole : this.keys.in(partition);
  }

  /** Every partition this namespace occupies. */
  private get partitions(): number[] {
    return this.layout === 'whole' ? [0] : Array.from({ length: this.keys.partitions.count }, (_, n) => n);
  }

  async getMany<T>(collection: string, ids: readonly string[], route?: Routes): Promise<(T | null)[]> {
    return (await this.getRaw(collection, ids, route)).map((json) => (json === null ? null : (JSON.parse(json) as T)));
  }

  getRaw(collection: string, ids: readonly string[], route?: Routes): Promise<(string | null)[]> {
    if (ids.length === 0) return Promise.resolve([]);
    // The common case, one aggregate's documents: one partition, read as asked.
    if (typeof route === 'string') return this.reads.add({ key: this.documentsKey(this.partitionOf(route), collection), ids });
    return this.getRawSpread(collection, ids, route);
  }

  /** Documents of several routes: one read per partition, answered in id order. */
  private async getRawSpread(collection: string, ids: readonly string[], route: readonly string[] | undefined): Promise<(string | null)[]> {
    const byPartition = new Map<number, number[]>();
    ids.forEach((_, i) => {
      const partition = this.partitionOf(routeAt(route, ids, i));
      let positions = byPartition.get(partition);
      if (!positions) byPartition.set(partition, (positions = []));
      positions.push(i);
    });
    const result = new Array<string | null>(ids.length).fill(null);
    await Promise.all(
      [...byPartition].map(async ([partition, positions]) => {
        const key = this.documentsKey(partition, collection);
        const found = await this.reads.add({ key, ids: positions.map((i) => ids[i]) });
        positions.forEach((i, j) => (result[i] = found[j]));
      }),
    );
    return result;
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
    // Sent together: one pipelined round trip per node.
    const replies = new Map(await Promise.all([...byKey].map(async ([key, ids]) => [key, await this.redis.hmget(key, ...ids)] as const)));
    return items.map(({ key, ids }, i) => replies.get(key)!.slice(offsets[i], offsets[i] + ids.length));
  }

  /**
   * One partition's page is a ZRANGEBYLEX; without a route, every partition's first page is read
   * and merged (byte order, as Redis orders them), so a page costs one command per partition
   * however large the index, and the cursor (the last id) stays valid across partitions.
   */
  async range(index: string, options: RangeOptions): Promise<string[]> {
    if (options.first <= 0) return [];
    const min = options.after === undefined ? '-' : `(${options.after}`;
    const read = (partition: number) =>
      this.redis.zrangebylex(this.slotKeys(partition).index(this.namespace, index), min, '+', 'LIMIT', 0, options.first);
    if (options.route !== undefined) return read(this.partitionOf(options.route));
    const pages = await Promise.all(this.partitions.map(read));
    if (pages.length === 1) return pages[0];
    return [...new Set(pages.flat())].sort(byteOrder).slice(0, options.first);
  }

  async count(index: string, route?: string): Promise<number> {
    const count = (partition: number) => this.redis.zcard(this.slotKeys(partition).index(this.namespace, index));
    if (route !== undefined) return count(this.partitionOf(route));
    return (await Promise.all(this.partitions.map(count))).reduce((a, b) => a + b, 0);
  }

  async commit(writes: readonly Write[], preconditions: readonly Precondition[] = []): Promise<boolean> {
    if (writes.length === 0 && preconditions.length === 0) return true;
    const parts = this.split(writes, preconditions);
    // The common case: one aggregate, one partition, one atomic script.
    if (parts.length === 1) return this.commitIn(parts[0].partition, parts[0].commit);
    // Spanning partitions: part by part, the one holding the unit's last write last (an applier's
    // marker), stopping at the first refused part; the writer redoes the unit (see document-store.ts).
    for (const part of parts) if (!(await this.commitIn(part.partition, part.commit))) return false;
    return true;
  }

  /** The unit's writes and preconditions per partition, ordered by each part's last write. */
  private split(writes: readonly Write[], preconditions: readonly Precondition[]): { partition: number; commit: Commit }[] {
    const parts = new Map<number, { writes: Write[]; preconditions: Precondition[]; last: number }>();
    const part = (route: string) => {
      const partition = this.partitionOf(route);
      let found = parts.get(partition);
      if (!found) parts.set(partition, (found = { writes: [], preconditions: [], last: -1 }));
      return found;
    };
    for (const p of preconditions) part(p.route ?? p.id).preconditions.push(p);
    writes.forEach((w, i) => {
      const target = part(routeOf(w));
      target.writes.push(w);
      target.last = i;
    });
    return [...parts]
      .sort(([, a], [, b]) => a.last - b.last)
      .map(([partition, { writes: w, preconditions: p }]) => ({ partition, commit: { writes: w, preconditions: p } }));
  }

  private commitIn(partition: number, commit: Commit): Promise<boolean> {
    let batch = this.commits.get(partition);
    // Bounded so one script call never holds Redis for long.
    if (!batch) this.commits.set(partition, (batch = new TickBatch((items) => this.commitBatch(partition, items), 100)));
    return batch.add(commit);
  }

  private async commitBatch(partition: number, commits: Commit[]): Promise<boolean[]> {
    const slotKeys = this.slotKeys(partition);
    const keys = new KeyList();
    // Documents travel as script arguments of their own (no JSON-in-JSON escaping); a
    // precondition sends the SHA-1 of the expected document, not the document a second time.
    const args: string[] = [];
    const arg = (value: string) => args.push(value) + 1;
    const documents = (collection: string) => keys.slot(this.documentsKey(partition, collection));
    const index = (name: string) => keys.slot(slotKeys.index(this.namespace, name));
    // Stream ids start with Redis' time in ms: entries before this one are past retention.
    const trimBefore = String(Math.max(0, this.clock.now() - this.retentionMs));
    const encoded = commits.map(({ writes, preconditions }) => {
      const pre = preconditions.map((p) =>
        p.expected === null ? [documents(p.collection), p.id] : [documents(p.collection), p.id, arg(hash('sha1', p.expected))],
      );
      const ops = writes.map((w) => {
        switch (w.kind) {
          case 'put':
            return ['put', documents(w.collection), w.id, arg(w.json ?? JSON.stringify(w.doc))];
          case 'delete':
            return ['del', documents(w.collection), w.id];
          case 'index':
            return ['zadd', index(w.index), w.id];
          case 'unindex':
            return ['zrem', index(w.index), w.id];
          case 'expire':
            return ['expire', documents(w.collection), String(Math.max(1, Math.ceil(w.ttlMs)))];
          case 'append':
            return [
              'xadd',
              keys.slot(slotKeys.changeStream(w.stream)),
              arg(w.json ?? JSON.stringify(w.record)),
              trimBefore,
              keys.slot(slotKeys.changeStreamTrimmed(w.stream)),
            ];
        }
      });
      return { pre, ops };
    });
    const applied = (await runScript(this.redis, 'ladingCommit', keys.list, [JSON.stringify(encoded), ...args])) as number[];
    return applied.map((result) => result === 1);
  }

  /** Every master answers (on a cluster, a shard away is named: readiness shows it). */
  ping(): Promise<void> {
    return pingEveryMaster(this.redis);
  }

  async dispose(): Promise<void> {}
}

/** The route of a write: named, or the document's id, or the index entry's member. */
function routeOf(write: Write): string {
  switch (write.kind) {
    case 'expire':
    case 'append':
      return write.route;
    default:
      return write.route ?? write.id;
  }
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
