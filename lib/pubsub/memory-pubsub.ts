import type { PubSub } from './pubsub';

/** In-process fan-out for the embedded mode. */
export class MemoryPubSub<TopicMap extends Record<string, unknown>> implements PubSub<TopicMap> {
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();

  async publish<T extends keyof TopicMap & string>(topic: T, payload: TopicMap[T]): Promise<void> {
    // Copy, so that a listener never shares an object with the publisher (as with Redis).
    const copy = JSON.parse(JSON.stringify(payload)) as never;
    for (const listener of this.listeners.get(topic) ?? []) listener(copy);
  }

  async subscribe<T extends keyof TopicMap & string>(topic: T, listener: (payload: TopicMap[T]) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return async () => {
      set.delete(entry);
    };
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
  }
}
