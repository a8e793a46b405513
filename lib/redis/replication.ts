import type { RedisClient } from './client';

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
