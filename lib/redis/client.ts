import type { Cluster, Redis } from 'ioredis';

/**
 * A connection to Lading's Redis: one node (`REDIS_URL`) or a Redis Cluster
 * (`REDIS_CLUSTER_NODES`). Both take the same commands; on a cluster every multi-key command and
 * script must keep to one hash slot, which the key layout (keys.ts) guarantees.
 */
export type RedisClient = Redis | Cluster;
