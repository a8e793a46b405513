import type { EventPipeline } from '../events/pipeline';
import type { PubSub } from '../pubsub/pubsub';
import type { LadingTopics } from '../pubsub/topics';
import type { RateLimitOptions, RateLimiter } from '../rate-limit/rate-limiter';
import type { DocumentStore } from '../store/document-store';

/**
 * The backing services one process runs on: the embedded in-memory mode or Redis. Every service
 * in the process shares one runtime; each subgraph gets a store namespace of its own.
 */
export interface Runtime {
  readonly mode: 'memory' | 'redis';
  /** The store of one namespace (a subgraph's name, or `events` for the pipeline's own state). */
  documents(namespace: string): DocumentStore;
  readonly pipeline: EventPipeline;
  /** Fan-out of stored changes to live subscriptions, across instances in Redis mode. */
  readonly pubsub: PubSub<LadingTopics>;
  /** Per-principal token buckets: in this process, or shared by every instance through Redis. */
  rateLimiter(options: RateLimitOptions): RateLimiter;
  /** Answers when the backing services do (readiness). */
  ping(): Promise<void>;
  dispose(): Promise<void>;
}
