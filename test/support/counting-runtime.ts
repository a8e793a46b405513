import type { Runtime } from '../../lib/runtime/runtime';
import type { DocumentStore } from '../../lib/store/document-store';

/** Wraps a runtime so that every document read is counted per `namespace/collection`. */
export function countingRuntime(base: Runtime): { runtime: Runtime; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const wrapped = new Map<string, DocumentStore>();
  const count = (namespace: string, collection: string) => {
    const key = `${namespace}/${collection}`;
    reads.set(key, (reads.get(key) ?? 0) + 1);
  };
  const runtime: Runtime = {
    mode: base.mode,
    pipeline: base.pipeline,
    changes: base.changes,
    rateLimiter: (limits) => base.rateLimiter(limits),
    ping: () => base.ping(),
    dispose: () => base.dispose(),
    documents(namespace) {
      let store = wrapped.get(namespace);
      if (!store) {
        const inner = base.documents(namespace);
        store = Object.create(inner) as DocumentStore;
        store.getMany = (collection, ids) => {
          count(namespace, collection);
          return inner.getMany(collection, ids);
        };
        wrapped.set(namespace, store);
      }
      return store;
    },
  };
  return { runtime, reads };
}
