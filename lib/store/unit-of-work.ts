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
  get<T>(collection: string, id: string, route?: string): Promise<T | null> {
    // Answered without a round trip (nor an async frame) when read or written already: an applier
    // reads everything up front, then its handlers' reads all land here.
    const json = this.known(slot(collection, id));
    if (json !== undefined) return Promise.resolve(json === null ? null : (JSON.parse(json) as T));
    return this.load(collection, [id], route).then(() => this.decoded<T>(collection, id));
  }

  getMany<T>(collection: string, ids: readonly string[], route?: Routes): Promise<(T | null)[]> {
    if (ids.every((id) => this.known(slot(collection, id)) !== undefined))
      return Promise.resolve(ids.map((id) => this.decoded<T>(collection, id)));
    return this.load(collection, ids, route).then(() => ids.map((id) => this.decoded<T>(collection, id)));
  }

  /**
   * A document this unit has read or written, decoded, without reading it: undefined when the unit
   * has not (load it first). For code that has loaded what it reads and wants no await per read.
   */
  peek<T>(collection: string, id: string): T | null | undefined {
    const json = this.known(slot(collection, id));
    return json === undefined ? undefined : json === null ? null : (JSON.parse(json) as T);
  }

  /** The JSON this unit wrote or read under `key` (null: absent), undefined when it has neither. */
  private known(key: string): string | null | undefined {
    const written = this.pending.get(key);
    if (written !== undefined) return written;
    return this.reads.get(key)?.expected;
  }

  private decoded<T>(collection: string, id: string): T | null {
    const json = this.known(slot(collection, id)) ?? null;
    return json === null ? null : (JSON.parse(json) as T);
  }

  /**
   * Reads documents into the unit without decoding them (a prefetch): a later `get` of one is
   * answered from here. Documents already read or written are not read again.
   */
  async load(collection: string, ids: readonly string[], route?: Routes): Promise<void> {
    const missing: string[] = [];
    const routes: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const key = slot(collection, ids[i]);
      if (this.pending.has(key) || this.reads.has(key)) continue;
      missing.push(ids[i]);
      routes.push(routeAt(route, ids, i));
    }
    if (missing.length === 0) return;
    // One route for all when there is one (the common case: an aggregate's own documents).
    const one = typeof route === 'string' ? route : routes.every((r) => r === routes[0]) ? routes[0] : undefined;
    const raw = await this.store.getRaw(collection, missing, one ?? routes);
    for (let i = 0; i < missing.length; i++) {
      const key = slot(collection, missing[i]);
      // Read by a concurrent load meanwhile: the first read is the precondition.
      if (!this.reads.has(key)) this.reads.set(key, { collection, id: missing[i], expected: raw[i], route: routes[i] });
    }
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
