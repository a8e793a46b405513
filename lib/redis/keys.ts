/**
 * Every Redis key Lading uses, built here and nowhere else. The prefix is
 * mandatory so that two deployments (or two test suites) on one Redis never touch each other's data.
 */
export interface RedisKeys {
  readonly prefix: string;
  /** HASH id → document JSON of one collection of a store namespace. */
  documents(namespace: string, collection: string): string;
  /** ZSET of ids at score 0 (ordered lexically, ranged with ZRANGEBYLEX) of one index of a namespace. */
  index(namespace: string, index: string): string;
  /** The STREAM of accepted events (the event log). */
  readonly eventStream: string;
  /** HASH `source|id` → content hash of one generation of deduplication entries (expiring as a whole, see lib/events/retention.ts). */
  eventDedup(generation: number): string;
  /** STRING with a time to live, kept alive by a running consumer: its absence means the consumer died. */
  consumerHeartbeat(group: string, consumer: string): string;
  /** Consumer group of the event stream: groups live inside the (prefixed) stream key, so need no prefix. */
  consumerGroup(consumer: string): string;
  /** STREAM of one change stream (lib/changes): entries `c` → record JSON, appended by the commit script. */
  changeStream(stream: string): string;
  /** STRING: the newest id trimmed from a change stream, written by the commit script (XTRIM keeps no record of it). */
  changeStreamTrimmed(stream: string): string;
  /** HASH with the token bucket (tokens, updated-at) of one principal. */
  rateLimit(principal: string): string;
}

export function redisKeys(prefix: string): RedisKeys {
  if (prefix.trim() === '') throw new Error('a Redis key prefix is required');
  return {
    prefix,
    documents: (namespace, collection) => `${prefix}:${namespace}:doc:${collection}`,
    index: (namespace, index) => `${prefix}:${namespace}:idx:${index}`,
    eventStream: `${prefix}:events:stream`,
    eventDedup: (generation) => `${prefix}:events:dedup:${generation}`,
    consumerHeartbeat: (group, consumer) => `${prefix}:events:alive:${group}:${consumer}`,
    consumerGroup: (consumer) => consumer,
    changeStream: (stream) => `${prefix}:changes:${keyPart(stream)}`,
    changeStreamTrimmed: (stream) => `${prefix}:changes:${keyPart(stream)}:trimmed`,
    rateLimit: (principal) => `${prefix}:ratelimit:${keyPart(principal)}`,
  };
}

/**
 * One value (a claim, an id, a SKU) inside a key or index name. `%`, the separators `:` and `|`,
 * Redis Cluster's hash-tag braces, spaces and control characters are percent-encoded, so a value
 * can never add a separator and address another key or index; ordinary ids (`CUST-0001`) are unchanged,
 * so data stored before escaping stays readable.
 */
export function keyPart(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
  return value.replace(/[%:|{}\u0000-\u0020\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
