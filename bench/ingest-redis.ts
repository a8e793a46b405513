import { allLaneStreams } from '../lib/events/log-lanes';
import { Cluster, Redis } from 'ioredis';
import type { RedisClient } from '../lib/redis/client';
import { redisKeys } from '../lib/redis/keys';
import { parseGroups } from '../lib/redis/stream-reply';
import { DEFAULTS } from '../lib/settings';
import { startRedisCluster } from '../test/support/redis-cluster';
import { startBenchRedis } from './redis-process';

const PARTITIONS = DEFAULTS.LADING_LOG_PARTITIONS;

/** The Redis an ingest bench mode runs on: what the services are told, and what the bench reads of it. */
export interface BenchRedis {
  env: Record<string, string>;
  /** Routes by key, as the services' client does (one node, or the cluster). */
  client: RedisClient;
  /** A connection to each master, for INFO: every command and every byte is on one of them. */
  masters: { name: string; redis: Redis }[];
  /** The Redis processes, by the name their CPU is reported under (a cluster's masters and replicas each summed). */
  processes: { name: string; pid: number }[];
  /** What the run's header says of it. */
  description: string;
  stop(): Promise<void>;
}

/** `redis`: one private redis-server; `cluster`: a private Redis Cluster; `memory`: none (null). */
export async function startRedisFor(mode: string): Promise<BenchRedis | null> {
  if (mode === 'redis') {
    const server = await startBenchRedis();
    const client = new Redis(server.url);
    return {
      env: { REDIS_URL: server.url },
      client,
      masters: [{ name: 'redis-server', redis: client }],
      processes: [{ name: 'redis-server', pid: server.pid }],
      description: 'one redis-server',
      stop: async () => {
        client.disconnect();
        await server.stop();
      },
    };
  }
  if (mode !== 'cluster') return null;
  const cluster = await startRedisCluster();
  if (!cluster) throw new Error('cluster mode needs redis-server and redis-cli on PATH');
  const nodes = await cluster.nodes();
  // In slot order: the first master serves the first third of the slots.
  const masterNodes = nodes.filter((node) => node.role === 'master').sort((a, b) => a.slots[0][0] - b.slots[0][0]);
  const masters = masterNodes.map((node) => ({
    name: `master ${node.slots.map(([from, to]) => `${from}-${to}`).join(',')}`,
    redis: new Redis(node.port, '127.0.0.1'),
  }));
  const client = new Cluster(cluster.seeds.split(',').map((seed) => ({ host: '127.0.0.1', port: Number(seed.split(':')[1]) })));
  return {
    env: { REDIS_CLUSTER_NODES: cluster.seeds },
    client,
    masters,
    processes: nodes.map((node) => ({ name: node.role === 'master' ? 'redis masters' : 'redis replicas', pid: cluster.pidOf(node.port) })),
    description: `a Redis Cluster of ${masters.length} masters with ${nodes.length - masters.length} replicas, appends waiting for a replica`,
    stop: async () => {
      client.disconnect();
      for (const { redis } of masters) redis.disconnect();
      await cluster.stop();
    },
  };
}

/** Resolves once every consumer group of every stream of the log (each partition's lanes) has nothing pending and nothing left to read. */
export async function groupsCaughtUp(redis: RedisClient, prefix: string): Promise<void> {
  const keys = redisKeys(prefix, PARTITIONS);
  const streams = allLaneStreams(keys).map((lane) => lane.stream);
  const behind = async (stream: string) =>
    (await redis.exists(stream)) === 1 && parseGroups(await redis.xinfo('GROUPS', stream)).some((g) => g.pending > 0 || (g.lag ?? 0) > 0);
  while ((await Promise.all(streams.map(behind))).some(Boolean)) {
    await new Promise((r) => setTimeout(r, 200));
  }
}
