import { Cluster } from 'ioredis';
import type { RedisClient } from './client';
import { slotOf } from './partitioning';

/** Thrown when an append did not reach its replicas in time: ingest answers 503, and a retry is deduplicated. */
export class NotReplicatedError extends Error {
  constructor(
    readonly required: number,
    readonly acknowledged: number,
  ) {
    super(`the write reached ${acknowledged} of the ${required} replica(s) LADING_REDIS_MIN_REPLICAS requires; not accepted`);
  }
}

/** How long an append waits for its replicas before it is refused (503, the sender retries). */
export const REPLICA_WAIT_MS = 2_000;

/**
 * Waits until the writes sent so far on the connection to the node serving `key` reached
 * `required` replicas (Redis WAIT), else throws NotReplicatedError. WAIT names no key, so it is
 * pipelined behind a read of `key`: a pipeline goes to one node, the one serving that key's slot,
 * over the connection the writes went on.
 */
export async function awaitReplicas(redis: RedisClient, key: string, required: number, timeoutMs = REPLICA_WAIT_MS): Promise<void> {
  if (required <= 0) return;
  const replies = await redis.pipeline().exists(key).wait(required, timeoutMs).exec();
  const [error, acknowledged] = replies?.[1] ?? [new Error('WAIT got no reply'), 0];
  if (error) throw error;
  if (Number(acknowledged) < required) throw new NotReplicatedError(required, Number(acknowledged));
}

/** How many replicas an append to a key must reach: `LADING_REDIS_MIN_REPLICAS` resolved for the key's shard. */
export type ReplicaRequirement = (key: string) => number;

/**
 * `LADING_REDIS_MIN_REPLICAS` as a requirement per key. A number holds for every shard. `auto` is 1
 * where the key's shard has a replica, else 0: on a cluster, by the replicas the client's slot table
 * lists for the key's slot now, so a master promoted after a failover, whose old master is dead and
 * which has no replica yet, accepts again (as one node does) instead of refusing until a replica
 * joins; once one joins it counts again. On one node, by the replicas it had at start.
 */
export async function replicaRequirement(redis: RedisClient, setting: string): Promise<ReplicaRequirement> {
  if (setting !== 'auto') {
    const required = Number(setting);
    return () => required;
  }
  if (redis instanceof Cluster) return (key) => Math.min(1, replicasServing(redis, key));
  const required = Math.min(1, await fewestReplicas(redis));
  return () => required;
}

/**
 * The replicas of the shard serving `key` in the cluster client's slot table (CLUSTER SLOTS lists a
 * master's replicas that are not failed). A redirection rewrites an entry's master in place, so the
 * master is not counted among its own replicas.
 */
function replicasServing(cluster: Cluster, key: string): number {
  const [master, ...others] = cluster.slots[slotOf(key)] ?? [];
  return new Set(others.filter((node) => node !== master)).size;
}

/**
 * The replicas every shard has now: the fewest any master reports (ROLE), so `auto` asks for one
 * only where every shard can give one.
 */
export async function fewestReplicas(redis: RedisClient): Promise<number> {
  const masters = 'nodes' in redis && typeof redis.nodes === 'function' ? redis.nodes('master') : [redis];
  const counts = await Promise.all(
    masters.map(async (node) => {
      const role = (await node.call('ROLE')) as [string, number, unknown[]];
      return role[0] === 'master' ? role[2].length : 0;
    }),
  );
  return counts.length === 0 ? 0 : Math.min(...counts);
}
