import type { LadingTopics } from '../../lib/pubsub/topics';
import type { Runtime } from '../../lib/runtime/runtime';

/**
 * Counts, per topic, the listeners a runtime's pub/sub has now. A live subscription is attached once
 * the transport subgraph listens to `shipmentChanged` for it: a test waits for that instead of
 * sleeping before it publishes. The runtime's own pub/sub still does all the work.
 */
export function listenerCount(runtime: Runtime): (topic: keyof LadingTopics & string) => number {
  const counts = new Map<string, number>();
  const add = (topic: string, n: number) => counts.set(topic, (counts.get(topic) ?? 0) + n);
  const pubsub = runtime.pubsub;
  const subscribe = pubsub.subscribe.bind(pubsub);
  pubsub.subscribe = async (topic, listener) => {
    const stop = await subscribe(topic, listener);
    add(topic, 1);
    let stopped = false;
    return async () => {
      if (!stopped) add(topic, -1);
      stopped = true;
      await stop();
    };
  };
  return (topic) => counts.get(topic) ?? 0;
}
