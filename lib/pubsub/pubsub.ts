/**
 * Fan-out of messages to every listener of a topic, in this process (memory) or across all
 * processes on one Redis (redis). Delivery is at-most-once: durable catch-up goes through the event log.
 */
export interface PubSub<TopicMap extends Record<string, unknown>> {
  publish<T extends keyof TopicMap & string>(topic: T, payload: TopicMap[T]): Promise<void>;
  /** Returns the function that stops listening. */
  subscribe<T extends keyof TopicMap & string>(topic: T, listener: (payload: TopicMap[T]) => void): Promise<() => Promise<void>>;
  dispose(): Promise<void>;
}
