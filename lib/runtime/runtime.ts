import type { EventPipeline } from '../events/pipeline';
import type { ChangeStreams } from '../changes/change-stream';
import type { RateLimitOptions, RateLimiter } from '../rate-limit/rate-limiter';
import type { DocumentStore } from '../store/document-store';
import type { NamespaceLayout } from '../store/redis-document-store';

/**
 * The backing services one process runs on: the embedded in-memory mode or Redis. Every service
 * in the process shares one runtime; each subgraph gets a store namespace of its own.
 */
export interface Runtime {
  readonly mode: 'memory' | 'redis';
  /**
   * The store of one namespace (a subgraph's name, or `events` for the pipeline's own state).
   * `whole`: kept in one slot instead of partitioned by aggregate, for state that is not per
   * aggregate and stays small (docs/redis-layout.md); memory ignores it. A namespace is always opened alike.
   */
  documents(namespace: string, layout?: NamespaceLayout): DocumentStore;
  readonly pipeline: EventPipeline;
  /** The change streams subgraphs append to with their state, and live consumers read (lib/changes). */
  readonly changes: ChangeStreams;
  /** Per-principal token buckets: in this process, or shared by every instance through Redis. */
  rateLimiter(options: RateLimitOptions): RateLimiter;
  /** Answers when the backing services do (readiness). */
  ping(): Promise<void>;
  dispose(): Promise<void>;
}
