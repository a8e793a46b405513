import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { PubSub } from './pubsub';

/**
 * Fan-out across every process on one Redis. It needs two connections: one in subscriber mode
 * (a subscribed connection can run no other command) and one to publish. Channels are always
 * built by `channel(topic)`, which carries the deployment's key prefix, so that two Lading
 * deployments on one Redis never hear each other.
 */
export class RedisPubSub<TopicMap extends Record<string, unknown>> implements PubSub<TopicMap> {
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: (topic: string) => string,
    private readonly logger: Logger,
  ) {
    subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
  }

  async publish<T extends keyof TopicMap & string>(topic: T, payload: TopicMap[T]): Promise<void> {
    await this.publisher.publish(this.channel(topic), JSON.stringify(payload));
  }

  async subscribe<T extends keyof TopicMap & string>(topic: T, listener: (payload: TopicMap[T]) => void): Promise<() => Promise<void>> {
    const channel = this.channel(topic);
    let set = this.listeners.get(channel);
    if (!set) {
      this.listeners.set(channel, (set = new Set()));
      await this.subscriber.subscribe(channel);
    }
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return async () => {
      set.delete(entry);
      if (set.size === 0 && this.listeners.get(channel) === set) {
        this.listeners.delete(channel);
        await this.subscriber.unsubscribe(channel);
      }
    };
  }

  private dispatch(channel: string, message: string): void {
    const set = this.listeners.get(channel);
    if (!set) return;
    let payload: never;
    try {
      payload = JSON.parse(message) as never;
    } catch (error) {
      this.logger.error('malformed pub/sub message dropped', { channel, error });
      return;
    }
    for (const listener of set) listener(payload);
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
  }
}
