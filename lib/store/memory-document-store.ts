import type { MemoryChangeStreams } from '../changes/memory-change-streams';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { DocumentStore, Precondition, RangeOptions, Write } from './document-store';
import { SortedIdSet } from './sorted-id-set';

/** In-process DocumentStore; documents are kept as JSON so callers never share mutable objects. One partition: routes change nothing. */
export class MemoryDocumentStore implements DocumentStore {
  private readonly collections = new Map<string, Map<string, string>>();
  private readonly indexes = new Map<string, SortedIdSet>();
  /** Collections with a time to live: name → when it ends (ms). */
  private readonly expiries = new Map<string, number>();

  /**
   * `clock`: where time-to-live is measured from (the system clock unless a test moves one).
   * `changes`: the process's change streams, which `append` writes go to.
   */
  constructor(
    private readonly clock: Clock = systemClock,
    private readonly changes?: MemoryChangeStreams,
  ) {}

  async getMany<T>(collection: string, ids: readonly string[]): Promise<(T | null)[]> {
    return (await this.getRaw(collection, ids)).map((json) => (json === null ? null : (JSON.parse(json) as T)));
  }

  async getRaw(collection: string, ids: readonly string[]): Promise<(string | null)[]> {
    this.expire();
    const docs = this.collections.get(collection);
    return ids.map((id) => docs?.get(id) ?? null);
  }

  async range(index: string, options: RangeOptions): Promise<string[]> {
    return this.indexes.get(index)?.range(options.after, options.first) ?? [];
  }

  async count(index: string): Promise<number> {
    return this.indexes.get(index)?.size ?? 0;
  }

  async commit(writes: readonly Write[], preconditions: readonly Precondition[] = []): Promise<boolean> {
    this.expire();
    const appends = writes.filter((w) => w.kind === 'append');
    if (appends.length > 0 && !this.changes) throw new Error('this store has no change streams to append to');
    for (const p of preconditions) {
      if ((this.collections.get(p.collection)?.get(p.id) ?? null) !== p.expected) return false;
    }
    for (const write of writes) this.applyWrite(write);
    // After the state: a follower told of a change reads that state, never an older one.
    for (const stream of new Set(appends.map((a) => a.stream))) {
      this.changes!.append(
        stream,
        appends.filter((a) => a.stream === stream).map((a) => a.json ?? JSON.stringify(a.record)),
      );
    }
    return true;
  }

  private applyWrite(write: Write): void {
    switch (write.kind) {
      case 'put':
        this.collection(write.collection).set(write.id, write.json ?? JSON.stringify(write.doc));
        return;
      case 'expire':
        if (!this.expiries.has(write.collection)) this.expiries.set(write.collection, this.clock.now() + write.ttlMs);
        return;
      case 'delete':
        this.collections.get(write.collection)?.delete(write.id);
        return;
      case 'index':
        this.index(write.index).add(write.id);
        return;
      case 'unindex':
        this.indexes.get(write.index)?.delete(write.id);
        return;
      case 'append':
        return; // appended once every write is applied
    }
  }

  /** Drops the collections whose time to live has ended. */
  private expire(now = this.clock.now()): void {
    for (const [name, end] of this.expiries) {
      if (end > now) continue;
      this.collections.delete(name);
      this.expiries.delete(name);
    }
  }

  private collection(name: string): Map<string, string> {
    let docs = this.collections.get(name);
    if (!docs) this.collections.set(name, (docs = new Map<string, string>()));
    return docs;
  }

  private index(name: string): SortedIdSet {
    let index = this.indexes.get(name);
    if (!index) this.indexes.set(name, (index = new SortedIdSet()));
    return index;
  }

  async ping(): Promise<void> {}

  async dispose(): Promise<void> {}
}
