import type { Redis } from 'ioredis';
import { RedisKeys } from '../redis/keys';
import { withScripts } from '../redis/scripts';
import { DocumentStore, Precondition, RangeOptions, Write } from './document-store';

/**
 * DocumentStore on Redis: a HASH per collection, a ZSET per index (score 0, ranged lexically),
 * and commits as one Lua script. The connection is shared and owned by the runtime, not by this store.
 */
export class RedisDocumentStore implements DocumentStore {
  private readonly redis;

  constructor(redis: Redis, private readonly keys: RedisKeys, private readonly namespace: string) {
    this.redis = withScripts(redis);
  }

  async getMany<T>(collection: string, ids: readonly string[]): Promise<(T | null)[]> {
    return (await this.getRaw(collection, ids)).map((json) => (json === null ? null : (JSON.parse(json) as T)));
  }

  async getRaw(collection: string, ids: readonly string[]): Promise<(string | null)[]> {
    if (ids.length === 0) return [];
    return this.redis.hmget(this.keys.collection(this.namespace, collection), ...ids);
  }

  async range(index: string, options: RangeOptions): Promise<string[]> {
    if (options.first <= 0) return [];
    const min = options.after === undefined ? '-' : `(${options.after}`;
    return this.redis.zrangebylex(this.keys.index(this.namespace, index), min, '+', 'LIMIT', 0, options.first);
  }

  count(index: string): Promise<number> {
    return this.redis.zcard(this.keys.index(this.namespace, index));
  }

  async commit(writes: readonly Write[], preconditions: readonly Precondition[] = []): Promise<boolean> {
    if (writes.length === 0) return true;
    const keys: string[] = [];
    const slot = new Map<string, number>();
    const keyIndex = (key: string) => {
      let at = slot.get(key);
      if (at === undefined) {
        keys.push(key);
        slot.set(key, (at = keys.length));
      }
      return at;
    };
    const p = preconditions.map((c) => [keyIndex(this.keys.collection(this.namespace, c.collection)), c.id, c.expected ?? false]);
    const w = writes.map((write) => {
      switch (write.kind) {
        case 'put':
          return ['put', keyIndex(this.keys.collection(this.namespace, write.collection)), write.id, JSON.stringify(write.doc)];
        case 'delete':
          return ['del', keyIndex(this.keys.collection(this.namespace, write.collection)), write.id];
        case 'index':
          return ['idx', keyIndex(this.keys.index(this.namespace, write.index)), write.id];
        case 'unindex':
          return ['unidx', keyIndex(this.keys.index(this.namespace, write.index)), write.id];
      }
    });
    return (await this.redis.commit(keys.length, ...keys, JSON.stringify({ p, w }))) === 1;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async dispose(): Promise<void> {}
}
