import type { Partitioning } from './partitioning';
import { partitioning } from './partitioning';

/**
 * Every Redis key Lading uses, built here and nowhere else. The prefix is mandatory so that two
 * deployments (or two test suites) on one Redis never touch each other's data.
 *
 * Keys come in three kinds (docs/redis-layout.md): those of a partition (`in(partition)`), holding
 * what one atomic step of an aggregate touches; those of a namespace kept whole (`inNamespace`),
 * for state that is not per aggregate (webhook endpoints, the SLA watch); and single keys
 * touched alone (rate limits, leases, the recorded layout). Keys of one partition or namespace
 * share a hash tag, so a script over them is one slot on a Redis Cluster.
 */
export interface RedisKeys {
  readonly prefix: string;
  readonly partitions: Partitioning;
  /** The keys of partition `n`. */
  in(partition: number): SlotKeys;
  /** The keys of a namespace kept whole, in one slot of its own. */
  inNamespace(namespace: string): SlotKeys;
  /** STRING with a time to live, kept alive by a running consumer: its absence means the consumer died. */
  consumerHeartbeat(group: string, consumer: string): string;
  /** STRING naming the instance that consumes one partition for a group, with a time to live (lib/events/partition-leases.ts). */
  partitionLease(group: string, partition: number): string;
  /** ZSET instance → lease end (ms) of the live instances of a group, to divide the partitions fairly. */
  groupMembers(group: string): string;
  /** HASH with the token bucket (tokens, updated-at) of one principal. */
  rateLimit(principal: string): string;
  /** STRING: the partition count recorded at first start (`LADING_LOG_PARTITIONS`), refused when it changes. */
  readonly layout: string;
}

/** The keys that share one hash tag. */
export interface SlotKeys {
  /** HASH id → document JSON of one collection of a store namespace. */
  documents(namespace: string, collection: string): string;
  /** ZSET of ids at score 0 (ordered lexically, ranged with ZRANGEBYLEX) of one index of a namespace. */
  index(namespace: string, index: string): string;
  /** The STREAM of accepted events of this partition (its part of the event log): the first lane's, real-time. */
  readonly eventStream: string;
  /**
   * The STREAM of one lane (synchronisation class, lib/events/sync-classes.ts) of this partition;
   * lane 0 is `eventStream`, so a log written before lanes existed is read as the first lane.
   */
  eventLane(lane: number): string;
  /** HASH aggregate → its last entry id in each lane, of one generation: the pointers of its next entry (lib/events/lane-order.ts). */
  eventLaneTails(generation: number): string;
  /** HASH `source|id` → content hash of one generation of deduplication entries (expiring as a whole, see lib/events/retention.ts). */
  eventDedup(generation: number): string;
  /** STREAM of one change stream (lib/changes): entries `c` → record JSON, appended by the commit script. */
  changeStream(stream: string): string;
  /** STRING: the newest id trimmed from a change stream, written by the commit script (XTRIM keeps no record of it). */
  changeStreamTrimmed(stream: string): string;
}

export function redisKeys(prefix: string, partitionCount = 1): RedisKeys {
  if (prefix.trim() === '') throw new Error('a Redis key prefix is required');
  const partitions = partitioning(partitionCount);
  const slotKeys = (scope: string): SlotKeys => ({
    documents: (namespace, collection) => `${scope}:${namespace}:doc:${collection}`,
    index: (namespace, index) => `${scope}:${namespace}:idx:${index}`,
    eventStream: `${scope}:events:stream`,
    eventLane: (lane) => (lane === 0 ? `${scope}:events:stream` : `${scope}:events:stream:${lane}`),
    eventLaneTails: (generation) => `${scope}:events:tails:${generation}`,
    eventDedup: (generation) => `${scope}:events:dedup:${generation}`,
    changeStream: (stream) => `${scope}:changes:${keyPart(stream)}`,
    changeStreamTrimmed: (stream) => `${scope}:changes:${keyPart(stream)}:trimmed`,
  });
  const byPartition = Array.from({ length: partitions.count }, (_, n) => slotKeys(`${prefix}:${partitions.tag(n)}`));
  return {
    prefix,
    partitions,
    in: (partition) => byPartition[partition],
    inNamespace: (namespace) => slotKeys(`${prefix}:{ns.${keyPart(namespace)}}`),
    consumerHeartbeat: (group, consumer) => `${prefix}:alive:${keyPart(group)}:${consumer}`,
    partitionLease: (group, partition) => `${prefix}:lease:${keyPart(group)}:${partition}`,
    groupMembers: (group) => `${prefix}:members:${keyPart(group)}`,
    rateLimit: (principal) => `${prefix}:ratelimit:${keyPart(principal)}`,
    layout: `${prefix}:layout`,
  };
}

/**
 * One value (a claim, an id, a SKU) inside a key or index name. `%`, the separators `:` and `|`,
 * Redis Cluster's hash-tag braces, spaces and control characters are percent-encoded, so a value
 * can never add a separator (or a hash tag) and address another key or index; ordinary ids
 * (`CUST-0001`) are unchanged.
 */
export function keyPart(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
  return value.replace(/[%:|{}\u0000-\u0020\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The value a `keyPart` stands for: keyPart percent-encodes only ASCII characters, so this is its exact inverse. */
export function fromKeyPart(part: string): string {
  return decodeURIComponent(part);
}
