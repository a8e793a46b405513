import type { Clock } from '../clock';
import { MemoryEventLog } from '../events/memory-event-log';
import { startHoldSweeper } from '../events/hold-sweeper';
import { EventPipeline } from '../events/pipeline';
import type { Logger } from '../logger';
import { MemoryPubSub } from '../pubsub/memory-pubsub';
import { MemoryRateLimiter } from '../rate-limit/memory-rate-limiter';
import type { LadingTopics } from '../pubsub/topics';
import { MemoryDocumentStore } from '../store/memory-document-store';
import type { Runtime } from './runtime';
import { DEFAULTS } from '../settings';
import type { RuntimeSettings } from './runtime-settings';

/** The embedded default: in-process state and event log, nothing to install. */
export type MemoryRuntimeOptions = Partial<RuntimeSettings> & {
  /** Where "now" comes from for the log, the stores and held events: a test moves it instead of waiting out a TTL. */
  clock?: Clock;
};

export function createMemoryRuntime(logger: Logger, options: MemoryRuntimeOptions = {}): Runtime {
  const stores = new Map<string, MemoryDocumentStore>();
  const documents = (namespace: string) => {
    let store = stores.get(namespace);
    if (!store) stores.set(namespace, (store = new MemoryDocumentStore(options.clock)));
    return store;
  };
  const pipeline = new EventPipeline({
    log: new MemoryEventLog({ retentionMs: options.retentionMs, clock: options.clock }),
    ops: documents('events'),
    logger,
    retentionMs: options.retentionMs,
    ingest: options.ingest,
    clock: options.clock,
  });
  const sweeper = startHoldSweeper(pipeline.held, options.holdTtlMs ?? DEFAULTS.LADING_HOLD_TTL, logger, options.clock);
  const pubsub = new MemoryPubSub<LadingTopics>();
  return {
    mode: 'memory',
    documents,
    pipeline,
    pubsub,
    rateLimiter: (limits) => new MemoryRateLimiter(limits),
    ping: async () => undefined,
    async dispose() {
      sweeper.dispose();
      await pipeline.dispose();
      await pubsub.dispose();
    },
  };
}
