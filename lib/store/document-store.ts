/**
 * The storage every subgraph and the event pipeline sit on: JSON documents in named collections,
 * ordered id indexes for listing, and atomic conditional commits. A memory and a Redis
 * implementation share one contract test suite.
 *
 * Routes. Every document, index entry and change record belongs to a route: the aggregate (an
 * order, a shipment, an inventory position) it is about. Unless a call names one, a document's
 * route is its id and an index entry's route is its member. A partitioned Redis store keeps
 * everything of one route in one partition (one hash slot): a commit whose writes all share a
 * partition is one atomic script; one that spans partitions is committed partition by partition,
 * each part atomic with its own preconditions, the part holding the unit's last write last (see
 * docs/redis-layout.md for what that asks of writers). A listing without a route merges every
 * partition. The memory store has one partition.
 */
export type Write =
  /** `json`, when given, is `doc` already serialised (it is stored as is). */
  | { kind: 'put'; collection: string; id: string; doc: unknown; json?: string; route?: string }
  | { kind: 'delete'; collection: string; id: string; route?: string }
  | { kind: 'index'; index: string; id: string; route?: string }
  | { kind: 'unindex'; index: string; id: string; route?: string }
  /**
   * Sets a collection's time to live, unless it has one: the whole collection goes when it ends
   * (expiring generations); in a partitioned store, the collection's part in the route's partition.
   */
  | { kind: 'expire'; collection: string; ttlMs: number; route: string }
  /**
   * Appends `record` to a change stream (lib/changes), which gives it the next id at commit, in
   * commit order within its partition: the change is published exactly when, and only if, the state
   * it describes is. `json`, when given, is `record` already serialised.
   */
  | { kind: 'append'; stream: string; record: unknown; json?: string; route: string };

/** The document as it was read (its JSON, or null when absent); a commit fails if it changed. */
export interface Precondition {
  collection: string;
  id: string;
  expected: string | null;
  route?: string;
}

export interface RangeOptions {
  /** Exclusive lower bound (an id of the index). */
  after?: string;
  first: number;
  /** The route every entry of the index has (an aggregate's own index); without it, every partition is read. */
  route?: string;
}

/** The route of documents read together: one for all, or one per id (in id order); none: each id is its own. */
export type Routes = string | readonly string[];

/** The route of the `i`-th of `ids` read with `routes`. */
export function routeAt(routes: Routes | undefined, ids: readonly string[], i: number): string {
  return routes === undefined ? ids[i] : typeof routes === 'string' ? routes : routes[i];
}

export interface DocumentStore {
  /** Documents in key order, `null` for each missing id: one round trip however many ids. */
  getMany<T>(collection: string, ids: readonly string[], route?: Routes): Promise<(T | null)[]>;
  /** Raw JSON of documents, for optimistic preconditions. */
  getRaw(collection: string, ids: readonly string[], route?: Routes): Promise<(string | null)[]>;
  /** Ids of an index in ascending lexical order. */
  range(index: string, options: RangeOptions): Promise<string[]>;
  count(index: string, route?: string): Promise<number>;
  /** Applies every write or none; returns false, writing nothing, when a precondition no longer holds. */
  commit(writes: readonly Write[], preconditions?: readonly Precondition[]): Promise<boolean>;
  ping(): Promise<void>;
  dispose(): Promise<void>;
}
