import { MemoryEventLog } from '../events/memory-event-log';
import { EventPipeline } from '../events/pipeline';
import { IngestObserver } from '../events/ingest';
import { Logger } from '../logger';
import { MemoryPubSub } from '../pubsub/memory-pubsub';
import { LadingTopics } from '../pubsub/topics';
import { MemoryDocumentStore } from '../store/memory-document-store';
import { Runtime } from './runtime';

/** The embedded default: in-process state and event log, nothing to install. */
export function createMemoryRuntime(logger: Logger, observe?: IngestObserver): Runtime {
  const stores = new Map<string, MemoryDocumentStore>();
  const documents = (namespace: string) => {
    let store = stores.get(namespace);
    if (!store) stores.set(namespace, (store = new MemoryDocumentStore()));
    return store;
  };
  const pipeline = new EventPipeline({ log: new MemoryEventLog(), ops: documents('events'), logger, observe });
  const pubsub = new MemoryPubSub<LadingTopics>();
  return {
    mode: 'memory',
    documents,
    pipeline,
    pubsub,
    ping: async () => undefined,
    async dispose() {
      await pipeline.dispose();
      await pubsub.dispose();
    },
  };
}
