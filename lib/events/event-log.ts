import type { SyncClass } from './sync-classes';
import type { CanonicalEvent, LoggedEvent } from './types';

export type AppendOutcome = { status: 'accepted'; entry: LoggedEvent } | { status: 'duplicate' } | { status: 'conflict' };

export interface ConsumeOptions {
  /** Deliveries of one entry before it is given up on (then `onGiveUp` runs and it is acknowledged). */
  maxAttempts: number;
  onGiveUp(entry: LoggedEvent, error: Error): Promise<void>;
  /**
   * Handles several consecutive entries of one aggregate, in order, as one (one read and one
   * commit). Optional; when it throws, each entry is handled on its own by the handler, with the
   * usual attempts, so a poison entry is still given up on alone.
   */
  handleMany?(entries: LoggedEvent[]): Promise<void>;
  /**
   * Whether the group does anything with events of a type. An entry of a type it ignores is
   * acknowledged at once, without being decoded or queued behind its aggregate (it changes
   * nothing, so its order does not matter), and reported to `skipped`. Optional: without it every
   * entry goes to the handler.
   */
  relevant?: (type: string) => boolean;
  /** Told of each entry acknowledged unhandled because `relevant` said no (metrics count it as handled). */
  skipped?: (type: string, recordedAtMs: number) => void;
}

/** How far one consumer group is behind the log (the operations page's backlog and lag). */
export interface GroupProgress {
  /** Entries appended but not yet handled by the group (delivered-but-unacknowledged included). */
  backlog: number;
  /** When the oldest unhandled entry was recorded; null when caught up. */
  oldestRecordedAt: string | null;
}

/** Backlogs summed (over partitions, lanes or groups' parts), the oldest unhandled entry the oldest of theirs. */
export function sumProgress(parts: readonly GroupProgress[]): GroupProgress {
  const oldest = parts.map((p) => p.oldestRecordedAt).filter((at): at is string => at !== null);
  return { backlog: parts.reduce((sum, p) => sum + p.backlog, 0), oldestRecordedAt: oldest.length === 0 ? null : oldest.sort()[0] };
}

export interface Consumption {
  /** Resolves once every entry appended so far has been handled (delivered, or given up on). */
  idle(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * The durable, ordered log of accepted events. `append` deduplicates on `source` + `id` in the
 * same atomic step that stores the event, so "accepted" always means "stored exactly once".
 */
export interface EventLog {
  /** `ingestTraceparent`: the trace the append belongs to, kept with the entry (LoggedEvent.ingestTraceparent). */
  append(event: CanonicalEvent, contentHash: string, ingestTraceparent?: string): Promise<AppendOutcome>;
  /** Appends again without deduplication: replay of a dead letter or an orphan. */
  reappend(event: CanonicalEvent, ingestTraceparent?: string): Promise<LoggedEvent>;
  /** Each group sees every entry at least once; handlers must be idempotent. */
  consume(group: string, handler: (entry: LoggedEvent) => Promise<void>, options: ConsumeOptions): Consumption;
  /** Entries strictly after `position` (from the start when undefined), in log order. */
  read(after: string | undefined, count: number): Promise<LoggedEvent[]>;
  /** Backlog of consumer group `group`, read from what the log already keeps. */
  progress(group: string): Promise<GroupProgress>;
  /** The same per log partition (docs/redis-layout.md); the memory log is one partition. */
  progressByPartition(group: string): Promise<(GroupProgress & { partition: number })[]>;
  /** The same per synchronisation class (its lane, over every partition): what freshness and backpressure watch. */
  progressByClass(group: string): Promise<(GroupProgress & { syncClass: SyncClass })[]>;
  /** Resolves once consumer group `group`, in whichever process it runs, has handled every entry appended so far. */
  settled(group: string): Promise<void>;
  ping(): Promise<void>;
  dispose(): Promise<void>;
}
