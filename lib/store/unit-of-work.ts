import type { DocumentStore, Precondition, Routes, Write } from './document-store';
import { routeAt } from './document-store';

/**
 * Reads through a DocumentStore, buffers writes, and commits them atomically on the condition
 * that nothing it read has changed meanwhile (optimistic concurrency between instances).
 */
export class UnitOfWork {
  private readonly reads = new Map<string, Precondition>();
  /** Documents this unit wrote, as JSON (null when deleted): serialised once, parsed on each read. */
  private readonly pending = new Map<string, string | null>();
  private readonly writes: Write[] = [];

  constructor(readonly store: DocumentStore) {}

  /** `route`: the aggregate the documents belong to when it is not their id (see document-store.ts). */
  async get<T>(collection: string, id: string, route?: string): Promise<T | null> {
    return (await this.getMany<T>(collection, [id], route))[0];
  }

  async getMany<T>(collection: string, ids: readonly string[], route?: Routes): Promise<(T | null)[]> {
    await this.load(collection, ids, route);
    return ids.map((id) => {
      const key = slot(collection, id);
      const json = this.pending.has(key) ? this.pending.get(key)! : (this.reads.get(key)?.expected ?? null);
      return json === null ? null : (JSON.parse(json) as T);
    });
  }

  /**
   * Reads documents into the unit without decoding them (a prefetch): a later `get` of one is
   * answered from here. Documents already read or written are not read again.
   */
  async load(collection: string, ids: readonly string[], route?: Routes): Promise<void> {
    const missing = ids.flatMap((id, i) =>
      this.pending.has(slot(collection, id)) || this.reads.has(slot(collection, id)) ? [] : [{ id, route: routeAt(route, ids, i) }],
    );
    if (missing.length === 0) return;
    const raw = await this.store.getRaw(
      collection,
      missing.map((m) => m.id),
      missing.map((m) => m.route),
    );
    missing.forEach(({ id, route: at }, i) => this.reads.set(slot(collection, id), { collection, id, expected: raw[i], route: at }));
  }

  /** Stores `doc` as it is now: it is serialised here, so changing it afterwards changes nothing. */
  put(collection: string, id: string, doc: unknown, route?: string): void {
    const json = JSON.stringify(doc);
    this.pending.set(slot(collection, id), json);
    this.writes.push({ kind: 'put', collection, id, doc: undefined, json, ...(route !== undefined && { route }) });
  }

  delete(collection: string, id: string, route?: string): void {
    this.pending.set(slot(collection, id), null);
    this.writes.push({ kind: 'delete', collection, id, ...(route !== undefined && { route }) });
  }

  index(index: string, id: string, route?: string): void {
    this.writes.push({ kind: 'index', index, id, ...(route !== undefined && { route }) });
  }

  unindex(index: string, id: string, route?: string): void {
    this.writes.push({ kind: 'unindex', index, id, ...(route !== undefined && { route }) });
  }

  /** Appends a record about the aggregate `route` to a change stream (lib/changes) in this unit's commit. */
  append(stream: string, record: unknown, route: string): void {
    this.writes.push({ kind: 'append', stream, record: undefined, json: JSON.stringify(record), route });
  }

  /** The collection (its part in `route`'s partition) expires as a whole after `ttlMs`, unless it already has a time to live. */
  expire(collection: string, ttlMs: number, route: string): void {
    this.writes.push({ kind: 'expire', collection, ttlMs, route });
  }

  /** Documents this unit has written (not yet committed) to a collection under ids starting with `prefix`. */
  written<T>(collection: string, prefix: string): T[] {
    const start = slot(collection, prefix);
    return [...this.pending].filter(([key, json]) => key.startsWith(start) && json !== null).map(([, json]) => JSON.parse(json!) as T);
  }

  get isEmpty(): boolean {
    return this.writes.length === 0;
  }

  /** False when another writer changed a document this unit read: redo the work on fresh state. */
  async commit(): Promise<boolean> {
    if (this.writes.length === 0) return true;
    return this.store.commit(this.writes, [...this.reads.values()]);
  }
}

function slot(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

const MAX_ATTEMPTS = 50;

/** Runs read-modify-write work until it commits without a conflicting writer in between. */
export async function withRetries<T>(store: DocumentStore, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const uow = new UnitOfWork(store);
    const result = await work(uow);
    if (await uow.commit()) return result;
  }
  throw new Error(`gave up after ${MAX_ATTEMPTS} conflicting commits`);
}
