import { Cluster, Redis } from 'ioredis';
import type { ChildProcess } from 'node:child_process';
import type { RedisClient } from '../lib/redis/client';
import { redisKeys } from '../lib/redis/keys';
import { parseGroups } from '../lib/redis/stream-reply';
import { DEFAULTS } from '../lib/settings';
import { startLadingProcess } from '../stack/lading-process';
import { startLadingServices } from '../stack/lading-services';
import { startRedisCluster } from '../test/support/redis-cluster';
import { IngestClient } from './ingest-client';
import { startBenchRedis } from './redis-process';
import { mib, quantile } from './stats';
import { processCpuMs } from './support/process-cpu';

/**
 * `npm run bench -- ingest`: events through POST /events in batches, in memory and Redis mode.
 *   1. Throughput: batches of 500 scans over many shipments for BENCH_SECONDS; prints accepted/s
 *      at the endpoint, applied/s (until every subgraph has handled all), and the post-to-visible
 *      latency of quiet shipments probed meanwhile (and Redis memory per event in Redis mode).
 *   2. Hot shipment: 2,000 events on one shipment next to normal traffic; prints how long its
 *      10th and its 2,000th event take to become visible, and other shipments' visibility
 *      while it is fed.
 * Redis mode runs the production topology (docker-compose.yml): the gateway and each subgraph in
 * a process of its own on one Redis, so the services use every core; BENCH_TOPOLOGY=one runs all
 * five in one process instead (as `npm start`; memory mode always does, it has no shared state).
 * Cluster mode runs the same services on a private Redis Cluster of 3 masters with a replica each
 * (REDIS_CLUSTER_NODES; appends wait for a replica, LADING_REDIS_MIN_REPLICAS=auto) and also prints
 * each master's share of the commands. BENCH_REDIS=cluster runs Redis mode (one node) and cluster
 * mode in one run and compares them.
 * Settings: BENCH_SECONDS (10; the acceptance target is measured over 60), BENCH_SHIPMENTS (10,000),
 * BENCH_BATCH (500), BENCH_POSTERS (2 concurrent clients), BENCH_MODES (memory,redis; cluster is a
 * third; BENCH_REDIS=cluster makes it redis,cluster), BENCH_HOT (2,000; 0 leaves the hot shipment out),
 * BENCH_TOPOLOGY (services | one), BENCH_NODE_ARGS (node options of each service process, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`: a profile per service, written when it stops).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SHIPMENTS = Number(process.env.BENCH_SHIPMENTS ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const POSTERS = Number(process.env.BENCH_POSTERS ?? 2);
const HOT = Number(process.env.BENCH_HOT ?? 2_000);
const BENCH_REDIS = process.env.BENCH_REDIS ?? 'node';
if (BENCH_REDIS !== 'node' && BENCH_REDIS !== 'cluster') throw new Error(`BENCH_REDIS is node or cluster, not ${BENCH_REDIS}`);
const MODES = (process.env.BENCH_MODES ?? (BENCH_REDIS === 'cluster' ? 'redis,cluster' : 'memory,redis')).split(',').map((m) => m.trim());
const KNOWN_MODES = ['memory', 'redis', 'cluster'];
const TOPOLOGY = process.env.BENCH_TOPOLOGY ?? 'services';
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const SECRET = 'bench-secret';
const PREFIX = 'bench';
const PROBES = 50;
const PARTITIONS = DEFAULTS.LADING_LOG_PARTITIONS;

const f = (n: number) => Math.round(n).toLocaleString('en-US');

async function postAll(client: IngestClient, events: unknown[]): Promise<number> {
  let accepted = 0;
  for (let i = 0; i < events.length; i += BATCH) accepted += await client.post(events.slice(i, i + BATCH));
  return accepted;
}

/** Posts batches over `shipments` from several clients until `until()`; returns how many were accepted. */
async function feed(client: IngestClient, shipments: string[], until: () => boolean, pauseMs = 0, posters = POSTERS): Promise<number> {
  let next = 0;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: posters }, async () => {
      while (!until()) {
        const batch = Array.from({ length: BATCH }, () => client.scan(shipments[next++ % shipments.length]));
        // Not `accepted += await …`: that reads `accepted` before the await, so concurrent
        // posters would overwrite each other's counts.
        const posted = await client.post(batch);
        accepted += posted;
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
      }
    }),
  );
  return accepted;
}

/** Probes quiet shipments one after another until `until()`; returns the latencies. */
async function probe(client: IngestClient, shipments: string[], until: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; !until(); i++) {
    latencies.push(await client.visibility(shipments[i % shipments.length]));
    await new Promise((r) => setTimeout(r, 100));
  }
  return latencies;
}

const latencyLine = (values: number[]) =>
  values.length === 0
    ? 'no samples'
    : `p50 ${quantile(values, 0.5).toFixed(0)} ms, p99 ${quantile(values, 0.99).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms (${values.length} probes)`;

/** The Redis a mode runs on: what the services are told, and what the bench reads of it. */
interface BenchRedis {
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

async function startRedisFor(mode: string): Promise<BenchRedis | null> {
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

/** What a Redis mode's throughput run measured, for the comparison of one node with the cluster. */
interface ModeResult {
  appliedPerSecond: number;
  commandsPerEvent: number;
}

async function runMode(mode: string): Promise<ModeResult | null> {
  const redis = await startRedisFor(mode);
  const env = {
    LADING_JWT_SECRET: SECRET,
    LADING_RATE_LIMIT_RPS: '1000000',
    LADING_RATE_LIMIT_BURST: '1000000',
    ...(redis ? { ...redis.env, LADING_REDIS_PREFIX: PREFIX } : {}),
  };
  const separate = redis !== null && TOPOLOGY !== 'one';
  const lading = separate ? await startLadingServices(env, NODE_ARGS) : await startLadingProcess(env);
  const processes: { name: string; child: ChildProcess }[] =
    'children' in lading ? (lading.children as { name: string; child: ChildProcess }[]) : [{ name: 'lading', child: lading.child }];
  // Lading's warnings and errors (LADING_LOG_LEVEL=warn) show beside the numbers.
  for (const { child } of processes) {
    child.stdout?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  }
  const measured = [...processes.map(({ name, child }) => ({ name, pid: child.pid! })), ...(redis?.processes ?? [])];
  const names = [...new Set(measured.map(({ name }) => name))];
  // CPU ms per name (a cluster's nodes summed by role).
  const cpu = () => {
    const used = names.map(() => 0);
    for (const { name, pid } of measured) used[names.indexOf(name)] += processCpuMs(pid);
    return used;
  };
  const masters = redis?.masters ?? [];
  const commandStats = () => Promise.all(masters.map(async ({ redis: master }) => parseCommandStats(await master.info('commandstats'))));
  const usedMemory = async () =>
    (await Promise.all(masters.map(async ({ redis: master }) => Number(/used_memory:(\d+)/.exec(await master.info('memory'))![1])))).reduce(
      (a, b) => a + b,
      0,
    );
  let result: ModeResult | null = null;
  try {
    const client = await IngestClient.open(lading, SECRET);
    const shipments = Array.from({ length: SHIPMENTS }, (_, i) => `SHP-${i}`);
    const quiet = Array.from({ length: PROBES }, (_, i) => `SHP-Q${i}`);
    let total = await postAll(client, [...client.orders('N', shipments), ...client.orders('Q', quiet), ...client.orders('H', ['SHP-HOT'])]);
    await client.allApplied(total);
    const memoryBefore = await usedMemory();

    // 1. Throughput.
    const cpuBefore = cpu();
    const commandsBefore = await commandStats();
    const started = Date.now();
    const ends = started + SECONDS * 1000;
    const posting = () => Date.now() >= ends;
    // Posting ends when the posters stop, not when the last probe (which may wait behind a backlog) returns.
    let postedMs = 0;
    const feeding = feed(client, shipments, posting).then((n) => ((postedMs = Date.now() - started), n));
    const [accepted, latencies] = await Promise.all([feeding, probe(client, quiet, posting)]);
    total += accepted + latencies.length;
    const appliedAt = await client.allApplied(total);
    const cpuUsed = cpu().map((ms, i) => ms - cpuBefore[i]);
    const commandsAfter = await commandStats();
    const topology = separate ? 'gateway and subgraphs in separate processes' : 'one process';
    const appliedPerSecond = accepted / ((appliedAt - started) / 1000);
    console.log(
      `ingest (${mode}, ${topology}${redis ? `, ${redis.description}` : ''}): ${f(accepted)} scans in batches of ${BATCH} from ${POSTERS} clients over ${f(SHIPMENTS)} shipments for ${(postedMs / 1000).toFixed(1)} s`,
    );
    console.log(`  accepted:   ${f(accepted / (postedMs / 1000))} events/s at POST /events`);
    console.log(
      `  applied:    ${f(appliedPerSecond)} events/s (every subgraph done ${((appliedAt - started - postedMs) / 1000).toFixed(1)} s after posting ended)`,
    );
    console.log(`  visible:    ${latencyLine(latencies)} — a quiet shipment's ETA update, post → gateway shows it`);
    const perEvent = (ms: number) => `${((ms * 1000) / Math.max(1, accepted)).toFixed(0)} µs`;
    console.log(
      `  cpu:        ${names.map((name, i) => `${name} ${perEvent(cpuUsed[i])}`).join(', ')} per event (total ${perEvent(cpuUsed.reduce((a, b) => a + b, 0))}; ${((cpuUsed.reduce((a, b) => a + b, 0) / (appliedAt - started)) * 100).toFixed(0)}% of one core)`,
    );
    if (redis) {
      const memoryAfter = await usedMemory();
      // Calls per command and per master during the run.
      const perMaster = commandsAfter.map(
        (after, i) => new Map([...after].map(([name, calls]) => [name, calls - (commandsBefore[i].get(name) ?? 0)] as const)),
      );
      const byCommand = new Map<string, number>();
      for (const calls of perMaster) for (const [name, n] of calls) byCommand.set(name, (byCommand.get(name) ?? 0) + n);
      const commands = [...byCommand].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
      const sent = commands.reduce((sum, [, n]) => sum + n, 0);
      const commandsPerEvent = sent / Math.max(1, accepted);
      console.log(
        `  commands:   ${commandsPerEvent.toFixed(1)} Redis commands per event${masters.length > 1 ? ', summed over the masters' : ''}: ${commands
          .slice(0, 8)
          .map(([name, n]) => `${name} ${(n / Math.max(1, accepted)).toFixed(2)}`)
          .join(', ')}`,
      );
      if (masters.length > 1) {
        const shares = perMaster.map((calls) => [...calls.values()].reduce((a, b) => a + b, 0));
        const mean = sent / shares.length;
        const deviation = Math.max(...shares.map((n) => Math.abs(n - mean) / mean));
        console.log(
          `  shards:     ${masters.map(({ name }, i) => `${name} ${((shares[i] / sent) * 100).toFixed(1)}%`).join(', ')} of the commands; max deviation from an even share ${(deviation * 100).toFixed(1)}% (goal ±20%)`,
        );
      }
      console.log(
        `  redis:      ${mib(memoryAfter)} used${masters.length > 1 ? ' on the masters' : ''}, ~${f((memoryAfter - memoryBefore) / Math.max(1, accepted))} bytes per event (log, dedup, applied markers, facts; before retention trims)`,
      );
      result = { appliedPerSecond, commandsPerEvent };
    }

    // Every consumer group caught up (the webhook enqueuer's too, which the subgraphs' metrics do
    // not count): the hot scenario starts on a quiet layer, not behind the first one's backlog.
    if (redis && HOT > 0) await groupsCaughtUp(redis.client);

    // 2. One hot shipment next to normal traffic (BENCH_HOT=0 leaves it out).
    if (HOT > 0) {
      let hotDone = false;
      // Normal traffic well below capacity (one client, a batch every half second): the question is
      // whether one busy shipment delays the others, not how a saturated log queues.
      const background = feed(client, shipments, () => hotDone, 500, 1);
      // Awaited below; until then a failure must not end the process as an unhandled rejection (and skip the cleanup).
      background.catch(() => undefined);
      // The 10th event (an ETA update after 8 scans and the release), and the 2,000th once the
      // shipment's 1,998 earlier events are applied: the same single event, against a short and a
      // long history. Meanwhile other shipments are probed.
      await postAll(
        client,
        Array.from({ length: 8 }, () => client.scan('SHP-HOT')),
      );
      const tenth = await client.visibility('SHP-HOT');
      const othersWhileHot = probe(client, quiet, () => hotDone);
      othersWhileHot.catch(() => undefined);
      const marker = client.eta('SHP-HOT');
      await postAll(client, [...Array.from({ length: HOT - 11 }, () => client.scan('SHP-HOT')), marker.event]);
      await client.waitForEta('SHP-HOT', marker.eta);
      const last = await client.visibility('SHP-HOT');
      hotDone = true;
      const [backgroundAccepted, others] = await Promise.all([background, othersWhileHot]);
      total += HOT + backgroundAccepted + others.length;
      await client.allApplied(total);
      console.log(`hot shipment (${mode}): ${f(HOT)} events on one shipment beside ${f(backgroundAccepted)} others`);
      console.log(
        `  10th event visible after ${tenth.toFixed(0)} ms, ${f(HOT)}th after ${last.toFixed(0)} ms (ratio ${(last / tenth).toFixed(2)})`,
      );
      console.log(`  other shipments while it was fed: ${latencyLine(others)}`);
    }
  } finally {
    await lading.stop();
    await redis?.stop();
  }
  return result;
}

/** Resolves once every consumer group of every partition's stream has nothing pending and nothing left to read. */
async function groupsCaughtUp(redis: RedisClient): Promise<void> {
  const keys = redisKeys(PREFIX, PARTITIONS);
  const streams = Array.from({ length: PARTITIONS }, (_, n) => keys.in(n).eventStream);
  const behind = async (stream: string) =>
    (await redis.exists(stream)) === 1 && parseGroups(await redis.xinfo('GROUPS', stream)).some((g) => g.pending > 0 || (g.lag ?? 0) > 0);
  while ((await Promise.all(streams.map(behind))).some(Boolean)) {
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Calls per command from INFO commandstats (`cmdstat_hget:calls=12,…`). */
function parseCommandStats(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1], Number(match[2]));
  return calls;
}

export async function ingestBench(): Promise<void> {
  const unknown = MODES.filter((mode) => !KNOWN_MODES.includes(mode));
  if (unknown.length) throw new Error(`unknown BENCH_MODES ${unknown.join(', ')}; choose from ${KNOWN_MODES.join(', ')}`);
  const results = new Map<string, ModeResult | null>();
  for (const mode of MODES) results.set(mode, await runMode(mode));
  const node = results.get('redis');
  const cluster = results.get('cluster');
  if (node && cluster)
    console.log(
      `cluster against one node: applied ${f(cluster.appliedPerSecond)} events/s on the cluster, ${f(node.appliedPerSecond)} on one node ` +
        `(ratio ${(cluster.appliedPerSecond / node.appliedPerSecond).toFixed(2)}); ${cluster.commandsPerEvent.toFixed(1)} and ` +
        `${node.commandsPerEvent.toFixed(1)} Redis commands per event`,
    );
}
