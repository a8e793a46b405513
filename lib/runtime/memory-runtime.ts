import type { Clock } from '../clock';
import { MemoryEventLog } from '../events/memory-event-log';
import { startHoldSweeper } from '../events/hold-sweeper';
import { syncClassifier } from '../events/sync-classes';
import type { Logger } from '../logger';
import { MemoryChangeStreams } from '../changes/memory-change-streams';
import { MemoryRateLimiter } from '../rate-limit/memory-rate-limiter';
import { MemoryDocumentStore } from '../store/memory-document-store';
import type { Runtime } from './runtime';
import { DEFAULTS } from '../settings';
import type { RuntimeSettings } from './runtime-settings';
import { pipelineOf } from './runtime-settings';

/** The embedded default: in-process state and event log, nothing to install. */
export type MemoryRuntimeOptions = Partial<RuntimeSettings> & {
  /** Where "now" comes from for the log, the stores and held events: a test moves it instead of waiting out a TTL. */
  clock?: Clock;
};

export function createMemoryRuntime(logger: Logger, options: MemoryRuntimeOptions = {}): Runtime {
  const changes = new MemoryChangeStreams({ retentionMs: options.retentionMs, clock: options.clock });
  const stores = new Map<string, MemoryDocumentStore>();
  const documents = (namespace: string) => {
    let store = stores.get(namespace);
    if (!store) stores.set(namespace, (store = new MemoryDocumentStore(options.clock, changes)));
    return store;
  };
  const classify = syncClassifier(options.syncClasses);
  const log = new MemoryEventLog({ retentionMs: options.retentionMs, clock: options.clock, classify });
  const pipeline = pipelineOf(log, documents('events'), logger, options, classify);
  const sweeper = startHoldSweeper(pipeline.held, options.holdTtlMs ?? DEFAULTS.LADING_HOLD_TTL, logger, options.clock);
  return {
    mode: 'memory',
    documents,
    pipeline,
    changes,
    rateLimiter: (limits) => new MemoryRateLimiter(limits),
    ping: async () => undefined,
    async dispose() {
      sweeper.dispose();
      await pipeline.dispose();
      await changes.dispose();
    },
  };
}
