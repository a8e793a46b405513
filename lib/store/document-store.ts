/**
 * The storage every subgraph and the event pipeline sit on: JSON documents in named collections,
 * ordered id indexes for listing, and atomic conditional commits. A memory and a Redis
 * implementation share one contract test suite.
 */
export type Write =
  /** `json`, when given, is `doc` already serialised (it is stored as is). */
  | { kind: 'put'; collection: string; id: string; doc: unknown; json?: string }
  | { kind: 'delete'; collection: string; id: string }
  | { kind: 'index'; index: string; id: string }
  | { kind: 'unindex'; index: string; id: string }
  /** Sets a collection's time to live, unless it has one: the whole collection goes when it ends (expiring generations). */
  | { kind: 'expire'; collection: string; ttlMs: number }
  /**
   * Appends `record` to a change stream (lib/changes), which gives it the next id at commit, in
   * commit order: the change is published exactly when, and only if, the state it describes is.
   * `json`, when given, is `record` already serialised.
   */
  | { kind: 'append'; stream: string; record: unknown; json?: string };

/** The document as it was read (its JSON, or null when absent); a commit fails if it changed. */
export interface Precondition {
  collection: string;
  id: string;
  expected: string | null;
}

export interface RangeOptions {
  /** Exclusive lower bound (an id of the index). */
  after?: string;
  first: number;
}

export interface DocumentStore {
  /** Documents in key order, `null` for each missing id: one round trip however many ids. */
  getMany<T>(collection: string, ids: readonly string[]): Promise<(T | null)[]>;
  /** Raw JSON of documents, for optimistic preconditions. */
  getRaw(collection: string, ids: readonly string[]): Promise<(string | null)[]>;
  /** Ids of an index in ascending lexical order. */
  range(index: string, options: RangeOptions): Promise<string[]>;
  count(index: string): Promise<number>;
  /** Applies every write or none; returns false, writing nothing, when a precondition no longer holds. */
  commit(writes: readonly Write[], preconditions?: readonly Precondition[]): Promise<boolean>;
  ping(): Promise<void>;
  dispose(): Promise<void>;
}
