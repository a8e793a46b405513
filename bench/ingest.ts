import type { ChildProcess } from 'node:child_process';
import { startLadingProcess } from '../stack/lading-process';
import { startLadingServices } from '../stack/lading-services';
import { IngestClient } from './ingest-client';
import { freshnessPart } from './ingest-freshness';
import { IngestMeters } from './ingest-meters';
import type { BenchRedis } from './ingest-redis';
import { groupsCaughtUp, startRedisFor } from './ingest-redis';
import { latencyLine, mib } from './stats';

/**
 * `npm run bench -- ingest`: events through POST /events in batches, in memory and Redis mode.
 *   1. Throughput: batches of 500 scans over many shipments for BENCH_SECONDS; prints accepted/s
 *      at the endpoint, applied/s (until every subgraph has handled all), and the post-to-visible
 *      latency of quiet shipments probed meanwhile (and Redis memory per event in Redis mode).
 *   2. Hot shipment: 2,000 events on one shipment next to normal traffic; prints how long its
 *      10th and its 2,000th event take to become visible, and other shipments' visibility
 *      while it is fed.
 *   3. Freshness: bulk scans (tms.shipment.in_transit) at BENCH_OVERLOAD (3) times the applied/s
 *      the throughput part measured (or a calibration of its own when that part is left out) for
 *      BENCH_SECONDS (on a schedule, not as fast as posts come back; a 429 pauses them for its
 *      Retry-After), while every second a real-time event (an ETA update) of a quiet shipment is
 *      posted and timed until the gateway shows it. Prints that
 *      post-to-visible p50/p99 (goal p99 ≤ 1 s), the bulk lag (the age of the oldest accepted event
 *      not yet applied, and how long after posting every subgraph is done; and the gateway's
 *      lading_sync_lag_seconds / lading_sync_backlog per class where it has them), the 429 share of
 *      bulk posts, applied/s, CPU and Redis commands per event.
 * Each part starts once the one before is applied everywhere (in Redis mode: every consumer group
 * caught up). BENCH_INGEST_PARTS chooses them (throughput,hot,freshness by default), e.g.
 * `BENCH_INGEST_PARTS=freshness BENCH_MODES=redis BENCH_SECONDS=60 npm run bench -- ingest`.
 * Redis mode runs the production topology (docker-compose.yml): the gateway and each subgraph in
 * a process of its own on one Redis, so the services use every core; BENCH_TOPOLOGY=one runs all
 * five in one process instead (as `npm start`; memory mode always does, it has no shared state).
 * Cluster mode runs the same services on a private Redis Cluster of 3 masters with a replica each
 * (REDIS_CLUSTER_NODES; appends wait for a replica, LADING_REDIS_MIN_REPLICAS=auto) and also prints
 * each master's share of the commands. BENCH_REDIS=cluster runs Redis mode (one node) and cluster
 * mode in one run and compares them.
 * Settings: BENCH_SECONDS (10; the acceptance targets are measured over 60), BENCH_SHIPMENTS (10,000),
 * BENCH_BATCH (500), BENCH_POSTERS (2 concurrent clients), BENCH_MODES (memory,redis; cluster is a
 * third; BENCH_REDIS=cluster makes it redis,cluster), BENCH_HOT (2,000; 0 leaves the hot shipment out),
 * BENCH_OVERLOAD (3), BENCH_CAPACITY (applied events/s the freshness part overloads, instead of the
 * measured one), BENCH_TOPOLOGY (services | one), BENCH_NODE_ARGS (node options of each service
 * process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`: a profile per service, written when it stops).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SHIPMENTS = Number(process.env.BENCH_SHIPMENTS ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const POSTERS = Number(process.env.BENCH_POSTERS ?? 2);
const HOT = Number(process.env.BENCH_HOT ?? 2_000);
const OVERLOAD = Number(process.env.BENCH_OVERLOAD ?? 3);
const CAPACITY = process.env.BENCH_CAPACITY ? Number(process.env.BENCH_CAPACITY) : null;
const PARTS = (process.env.BENCH_INGEST_PARTS ?? 'throughput,hot,freshness').split(',').map((p) => p.trim());
const KNOWN_PARTS = ['throughput', 'hot', 'freshness'];
const BENCH_REDIS = process.env.BENCH_REDIS ?? 'node';
if (BENCH_REDIS !== 'node' && BENCH_REDIS !== 'cluster') throw new Error(`BENCH_REDIS is node or cluster, not ${BENCH_REDIS}`);
const MODES = (process.env.BENCH_MODES ?? (BENCH_REDIS === 'cluster' ? 'redis,cluster' : 'memory,redis')).split(',').map((m) => m.trim());
const KNOWN_MODES = ['memory', 'redis', 'cluster'];
const TOPOLOGY = process.env.BENCH_TOPOLOGY ?? 'services';
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const SECRET = 'bench-secret';
const PREFIX = 'bench';
const PROBES = 50;

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

/** What a mode's throughput part measured: its applied/s feeds the freshness part and the comparison of one node with the cluster. */
interface ModeResult {
  appliedPerSecond: number;
  commandsPerEvent: number | null;
}

/** What the parts of one mode's run share. */
interface ModeRun {
  mode: string;
  client: IngestClient;
  meters: IngestMeters;
  redis: BenchRedis | null;
  shipments: string[];
  quiet: string[];
  /** Events accepted so far: every subgraph has applied them all once it counts as many. */
  total: number;
}

/** Scans as fast as the posters go for `seconds`, timed until applied everywhere; returns the posting time and the applied/s. */
async function overload(run: ModeRun, seconds: number, probes: boolean) {
  const { client, shipments, quiet } = run;
  const started = Date.now();
  const ends = started + seconds * 1000;
  const posting = () => Date.now() >= ends;
  // Posting ends when the posters stop, not when the last probe (which may wait behind a backlog) returns.
  let postedMs = 0;
  const feeding = feed(client, shipments, posting).then((n) => ((postedMs = Date.now() - started), n));
  const [accepted, latencies] = await Promise.all([feeding, probes ? probe(client, quiet, posting) : []]);
  run.total += accepted + latencies.length;
  const appliedAt = await client.allApplied(run.total);
  return { started, postedMs, accepted, latencies, appliedAt, appliedPerSecond: accepted / ((appliedAt - started) / 1000) };
}

async function throughputPart(run: ModeRun, description: string): Promise<ModeResult> {
  const { client, meters, redis } = run;
  const memory = async () =>
    (
      await Promise.all(
        (redis?.masters ?? []).map(async ({ redis: master }) => Number(/used_memory:(\d+)/.exec(await master.info('memory'))![1])),
      )
    ).reduce((a, b) => a + b, 0);
  const memoryBefore = await memory();
  const before = await meters.read();
  const throttledBefore = client.throttled;
  const { started, postedMs, accepted, latencies, appliedAt, appliedPerSecond } = await overload(run, SECONDS, true);
  const after = await meters.read();
  console.log(
    `ingest (${description}): ${f(accepted)} scans in batches of ${BATCH} from ${POSTERS} clients over ${f(SHIPMENTS)} shipments for ${(postedMs / 1000).toFixed(1)} s`,
  );
  const throttled = client.throttled - throttledBefore;
  console.log(
    `  accepted:   ${f(accepted / (postedMs / 1000))} events/s at POST /events${throttled ? ` (${f(throttled)} posts answered 429, posted again after their Retry-After)` : ''}`,
  );
  console.log(
    `  applied:    ${f(appliedPerSecond)} events/s (every subgraph done ${((appliedAt - started - postedMs) / 1000).toFixed(1)} s after posting ended)`,
  );
  console.log(`  visible:    ${latencyLine(latencies)} — a quiet shipment's ETA update, post → gateway shows it`);
  const cost = meters.cost(before, after, accepted);
  for (const line of cost.lines) console.log(`  ${line}`);
  if (redis) {
    const memoryAfter = await memory();
    console.log(
      `  redis:      ${mib(memoryAfter)} used${redis.masters.length > 1 ? ' on the masters' : ''}, ~${f((memoryAfter - memoryBefore) / Math.max(1, accepted))} bytes per event (log, dedup, applied markers, facts; before retention trims)`,
    );
  }
  return { appliedPerSecond, commandsPerEvent: cost.commandsPerEvent };
}

/** One hot shipment next to normal traffic. */
async function hotPart(run: ModeRun): Promise<void> {
  const { client, shipments, quiet, mode } = run;
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
  run.total += HOT + backgroundAccepted + others.length;
  await client.allApplied(run.total);
  console.log(`hot shipment (${mode}): ${f(HOT)} events on one shipment beside ${f(backgroundAccepted)} others`);
  console.log(
    `  10th event visible after ${tenth.toFixed(0)} ms, ${f(HOT)}th after ${last.toFixed(0)} ms (ratio ${(last / tenth).toFixed(2)})`,
  );
  console.log(`  other shipments while it was fed: ${latencyLine(others)}`);
}

/** Every consumer group caught up (the webhook enqueuer's too, which the subgraphs' metrics do not count): the next part starts on a quiet layer, not behind the last one's backlog. */
async function settle(run: ModeRun): Promise<void> {
  await run.client.allApplied(run.total);
  if (run.redis) await groupsCaughtUp(run.redis.client, PREFIX);
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
  const meters = new IngestMeters(
    [...processes.map(({ name, child }) => ({ name, pid: child.pid! })), ...(redis?.processes ?? [])],
    redis?.masters ?? [],
  );
  const description = `${mode}, ${separate ? 'gateway and subgraphs in separate processes' : 'one process'}${redis ? `, ${redis.description}` : ''}`;
  let result: ModeResult | null = null;
  try {
    const client = await IngestClient.open(lading, SECRET);
    const shipments = Array.from({ length: SHIPMENTS }, (_, i) => `SHP-${i}`);
    const quiet = Array.from({ length: PROBES }, (_, i) => `SHP-Q${i}`);
    // The freshness part's real-time events: one shipment a second, each getting nothing else.
    const fresh = PARTS.includes('freshness') ? Array.from({ length: Math.ceil(SECONDS) + 1 }, (_, i) => `SHP-F${i}`) : [];
    const run: ModeRun = { mode, client, meters, redis, shipments, quiet, total: 0 };
    run.total = await postAll(client, [
      ...client.orders('N', shipments),
      ...client.orders('Q', quiet),
      ...client.orders('H', ['SHP-HOT']),
      ...client.orders('F', fresh),
    ]);
    await client.allApplied(run.total);

    if (PARTS.includes('throughput')) result = await throughputPart(run, description);
    if (PARTS.includes('hot') && HOT > 0) {
      await settle(run);
      await hotPart(run);
    }
    if (PARTS.includes('freshness')) {
      await settle(run);
      let capacity = CAPACITY ?? result?.appliedPerSecond;
      if (capacity === undefined) {
        // No throughput part to take it from: a shorter one of its own, without probes.
        const seconds = Math.min(SECONDS, 10);
        capacity = (await overload(run, seconds, false)).appliedPerSecond;
        console.log(`capacity (${description}): ${f(capacity)} events/s applied, scans posted as fast as they go for ${seconds} s`);
        await settle(run);
      }
      run.total += await freshnessPart({
        mode,
        client,
        meters,
        bulk: shipments,
        quiet: fresh,
        capacity,
        overload: OVERLOAD,
        seconds: SECONDS,
        batch: BATCH,
      });
    }
  } finally {
    await lading.stop();
    await redis?.stop();
  }
  return redis ? result : null;
}

export async function ingestBench(): Promise<void> {
  const unknown = MODES.filter((mode) => !KNOWN_MODES.includes(mode));
  if (unknown.length) throw new Error(`unknown BENCH_MODES ${unknown.join(', ')}; choose from ${KNOWN_MODES.join(', ')}`);
  const unknownParts = PARTS.filter((part) => !KNOWN_PARTS.includes(part));
  if (unknownParts.length) throw new Error(`unknown BENCH_INGEST_PARTS ${unknownParts.join(', ')}; choose from ${KNOWN_PARTS.join(', ')}`);
  const results = new Map<string, ModeResult | null>();
  for (const mode of MODES) results.set(mode, await runMode(mode));
  const node = results.get('redis');
  const cluster = results.get('cluster');
  if (node && cluster)
    console.log(
      `cluster against one node: applied ${f(cluster.appliedPerSecond)} events/s on the cluster, ${f(node.appliedPerSecond)} on one node ` +
        `(ratio ${(cluster.appliedPerSecond / node.appliedPerSecond).toFixed(2)}); ${cluster.commandsPerEvent?.toFixed(1)} and ` +
        `${node.commandsPerEvent?.toFixed(1)} Redis commands per event`,
    );
}
