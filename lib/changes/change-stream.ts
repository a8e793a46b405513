/**
 * Durable, ordered streams of changes, written by a subgraph in the same atomic commit as the
 * state they describe (a DocumentStore `append` write) and read by live consumers (subscriptions,
 * webhooks, schedulers) through this reader: a published artifact, like the event log, so no
 * consumer reads the writer's store. Ids are assigned at commit, in commit order, and order
 * lexically; entries older than the retention window are trimmed.
 */
export const ChangeStreamName = {
  /** One entry per stored change of a shipment's state (lib/changes/shipment-change.ts). */
  Shipments: 'shipments',
} as const;
export type ChangeStreamName = (typeof ChangeStreamName)[keyof typeof ChangeStreamName];

/** A record as committed, with the id the commit gave it. */
export type Stamped<T> = T & { id: string };

/** Told about entries committed after it started following, in commit order (several at once when they came together). */
export type ChangeListener<T> = (entries: Stamped<T>[]) => void;

export interface ChangeStreams {
  /**
   * Entries committed after the id `after` (from the oldest kept entry when undefined), oldest
   * first, at most `count`. UpdatesMissedError when entries after `after` were trimmed already:
   * its `resumeAfter` is where reading can go on.
   */
  read<T>(stream: ChangeStreamName, after: string | undefined, count: number): Promise<Stamped<T>[]>;
  /** The id of the newest entry, null when the stream has none. */
  head(stream: ChangeStreamName): Promise<string | null>;
  /**
   * Calls `listener` with every entry committed after the returned promise resolved (and perhaps
   * some just before: a follower that also reads skips ids it has). Never polls: memory notifies,
   * Redis fans one blocking read per process out. The returned function stops following.
   */
  follow<T>(stream: ChangeStreamName, listener: ChangeListener<T>): Promise<() => void>;
  /** How many listeners follow a stream in this process (readiness signal for tests and metrics). */
  followers(stream: ChangeStreamName): number;
  dispose(): Promise<void>;
}
