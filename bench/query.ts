import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Pool } from 'undici';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { SUBGRAPH_NAMES } from '../lib/subgraph-names';
import { freePortBlock } from '../stack/free-ports';
import { quantile } from './stats';
import type { Child } from './support/child';
import { startChild } from './support/child';
import { processCpuMs } from './support/process-cpu';

/**
 * `npm run bench -- query`: gateway CPU per request, Lading's gateway against vanilla @apollo/gateway +
 * @apollo/server (no plugins, Apollo's default HTTP client), both compiled JavaScript, both in front of
 * the SAME subgraph process (demo data). Rounds interleave the two so machine noise hits both alike.
 * Then: another tenant's p95 while one tenant floods heavy queries, against its quiet baseline (the gateway
 * at default budgets). BENCH_ROUNDS (5), BENCH_REQUESTS per round and query (200), BENCH_CONCURRENCY (8),
 * BENCH_QUERY_PARTS (`cpu`, `neighbour`), BENCH_FLOOD_LOOPS (8), BENCH_HEAVY_ALIASES (1).
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECRET = 'bench-jwt-secret';
const SUBGRAPH_SECRET = 'bench-subgraph-secret';
const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

const QUERIES: Record<string, string> = {
  'portal page': `{ shipments(first: 20) { edges { node { id number status statusUpdatedAt eta timeline { type source occurredAt }
    order { number customer { id } } fulfillment { state } transport { carrier { scac } } billing { status } } } pageInfo { hasNextPage endCursor } } }`,
  'nested (shipments → order → shipments → charges)': `{ shipments(first: 10) { edges { node { id order { number shipments { id charges { type stage amount { amount currency } } } } } } } }`,
  'shipment(id)': `{ shipment(id: "$ID") { id number status eta timeline { type occurredAt } fulfillment { state } transport { trackingNumber } } }`,
};

/** Aliases of `shipments(first: 100)` in tenant A's heavy query, one noisy-neighbour scenario each (BENCH_HEAVY_ALIASES, default 1). */
const HEAVY_ALIASES = (process.env.BENCH_HEAVY_ALIASES ?? '1')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
/** Parallel loops of tenant A's flood (BENCH_FLOOD_LOOPS, default 8). */
const FLOOD_LOOPS = Number(process.env.BENCH_FLOOD_LOOPS ?? 8);
/** A 100-shipment page across all four systems of record: status (transport), order (orders), warehouse, charges (finance). */
const heavyQuery = (aliases: number): string =>
  `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: shipments(first: 100) { edges { node { number status order { number status } fulfillment { state } charges { stage } } } }`).join(' ')} }`;
/** BENCH_QUERY_PARTS: `cpu`, `neighbour`, or both (default). */
const PARTS = new Set((process.env.BENCH_QUERY_PARTS ?? 'cpu,neighbour').split(','));

interface Target {
  name: string;
  child: Child;
  pool: Pool;
  headers: Record<string, string>;
}

async function post(target: Target, query: string, headers = target.headers): Promise<number> {
  const response = await target.pool.request({ path: '/graphql', method: 'POST', headers, body: JSON.stringify({ query }) });
  const text = await response.body.text();
  if (response.statusCode !== 200 || text.includes('"errors"'))
    throw new Error(`${target.name} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  return response.statusCode;
}

/** `count` requests at CONCURRENCY; returns the gateway's CPU ms per request. */
async function round(target: Target, query: string, count: number): Promise<number> {
  let next = 0;
  const before = processCpuMs(target.child.pid);
  const worker = async () => {
    while (next++ < count) await post(target, query);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (processCpuMs(target.child.pid) - before) / count;
}

function gatewayEnv(port: number, urls: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    LADING_GATEWAY_PORT: String(port),
    LADING_JWT_SECRET: SECRET,
    LADING_SUBGRAPH_SECRET: SUBGRAPH_SECRET,
    LADING_DEMO_DATA: 'false',
    LADING_LOG_LEVEL: 'error',
    ...extra,
  };
  for (const name of SUBGRAPH_NAMES) env[`LADING_${name.toUpperCase()}_URL`] = urls[name];
  return env;
}

async function cpuComparison(lading: Target, vanilla: Target): Promise<void> {
  console.log(`\nGateway CPU per request (ms), ${ROUNDS} interleaved rounds × ${REQUESTS} requests, concurrency ${CONCURRENCY}`);
  console.log('query'.padEnd(52) + 'lading'.padStart(9) + 'vanilla'.padStart(9) + 'ratio'.padStart(8));
  for (const [label, query] of Object.entries(QUERIES)) {
    await round(lading, query, 50);
    await round(vanilla, query, 50);
    const totals = { lading: 0, vanilla: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [lading, vanilla] : [vanilla, lading];
      for (const target of order) totals[target.name as 'lading' | 'vanilla'] += await round(target, query, REQUESTS);
    }
    const [l, v] = [totals.lading / ROUNDS, totals.vanilla / ROUNDS];
    console.log(label.padEnd(52) + l.toFixed(2).padStart(9) + v.toFixed(2).padStart(9) + `${(l / v).toFixed(2)}×`.padStart(8));
  }
}

/** Tenant B: another customer, asking for one of its own shipments over its own connection (tenants share no client). */
interface QuietTenant {
  headers: Record<string, string>;
  query: string;
  target: Target;
}

/** Light queries of one tenant, one at a time; returns latency p95 in ms. */
async function quietP95(tenant: QuietTenant, count: number): Promise<number> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await post(tenant.target, tenant.query, tenant.headers).catch(() => undefined);
    latencies.push(performance.now() - started);
  }
  return quantile(latencies, 0.95);
}

async function noisyNeighbour(lading: Target, quietTenant: QuietTenant, aliases: number): Promise<void> {
  const heavy = heavyQuery(aliases);
  const quiet = await quietP95(quietTenant, 200);
  let flooding = true;
  let sent = 0;
  let refused = 0;
  const reasons = new Set<string>();
  const flood = async () => {
    while (flooding) {
      sent++;
      await post(lading, heavy).catch((error: Error) => {
        refused++;
        reasons.add(/"code":"(\w+)"/.exec(error.message)?.[1] ?? /answered (\d+)/.exec(error.message)?.[1] ?? 'error');
      });
    }
  };
  const flooders = Array.from({ length: FLOOD_LOOPS }, flood);
  const loaded = await quietP95(quietTenant, 200);
  flooding = false;
  await Promise.all(flooders);
  console.log(
    `  ${String(aliases).padStart(2)} alias${aliases === 1 ? ': ' : 'es:'} tenant B shipment(id) p95: quiet ${quiet.toFixed(1)} ms, during the flood ${loaded.toFixed(1)} ms (${(loaded / quiet).toFixed(2)}×, goal ≤ 2×); flood sent ${sent}, refused ${refused}${reasons.size ? ` (${[...reasons].join(', ')})` : ''}`,
  );
}

export async function queryBench(): Promise<void> {
  // Both gateways run the tsc output, as production does.
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'ignore' });
  // One port per subgraph, then the three gateways.
  const ports = await freePortBlock(SUBGRAPH_NAMES.length + 3);
  const [ladingPort, vanillaPort, limitedPort] = ports.slice(SUBGRAPH_NAMES.length);
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, `http://127.0.0.1:${ports[i]}/graphql`]));
  const children: Child[] = [];
  const targets: Target[] = [];
  try {
    children.push(
      await startChild(path.join(DIST, 'bench/support/subgraphs-process.js'), {
        BENCH_SECRET: SUBGRAPH_SECRET,
        BENCH_PORTS: ports.slice(0, SUBGRAPH_NAMES.length).join(','),
      }),
    );
    const customerToken = await mintToken({ sub: 'bench', role: Role.Customer, customerId: 'CUST-0001' }, { secret: SECRET });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${customerToken}` };
    const start = async (name: string, script: string, env: Record<string, string>, port: number, readyUrl?: string) => {
      // BENCH_PROFILE=<dir>: V8 CPU profiles of both gateways, written there when they stop.
      const profile = process.env.BENCH_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`, `--cpu-prof-name=${name}.cpuprofile`]
        : [];
      const child = await startChild(script, env, readyUrl, profile);
      children.push(child);
      const target = { name, child, pool: new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY }), headers };
      targets.push(target);
      return target;
    };
    const lading = await start(
      'lading',
      path.join(DIST, 'gateway/index.js'),
      gatewayEnv(ladingPort, urls, { LADING_RATE_LIMIT_RPS: '1000000', LADING_RATE_LIMIT_BURST: '1000000' }),
      ladingPort,
      `http://127.0.0.1:${ladingPort}/health/ready`,
    );
    const vanillaEnv: Record<string, string> = {
      BENCH_SECRET: SUBGRAPH_SECRET,
      BENCH_CUSTOMER: 'CUST-0001',
      BENCH_PORT: String(vanillaPort),
    };
    for (const name of SUBGRAPH_NAMES) vanillaEnv[`BENCH_${name.toUpperCase()}_URL`] = urls[name];
    const vanilla = await start('vanilla', path.join(DIST, 'bench/support/vanilla-gateway.js'), vanillaEnv, vanillaPort);
    // A shipment the benchmark's customer may see, for the single lookup.
    const listing = await lading.pool.request({
      path: '/graphql',
      method: 'POST',
      headers,
      body: JSON.stringify({ query: '{ shipments(first: 1) { edges { node { id } } } }' }),
    });
    const id = ((await listing.body.json()) as { data: { shipments: { edges: { node: { id: string } }[] } } }).data.shipments.edges[0].node
      .id;
    QUERIES['shipment(id)'] = QUERIES['shipment(id)'].replace('$ID', id);
    if (PARTS.has('cpu')) await cpuComparison(lading, vanilla);
    if (!PARTS.has('neighbour')) return;
    const limited = await start(
      'lading-default-limits',
      path.join(DIST, 'gateway/index.js'),
      gatewayEnv(limitedPort, urls),
      limitedPort,
      `http://127.0.0.1:${limitedPort}/health/ready`,
    );
    // Tenant B: another customer of the demo data, with one of its own shipments.
    const tenantB = {
      'content-type': 'application/json',
      authorization: `Bearer ${await mintToken({ sub: 'tenant-b', role: Role.Customer, customerId: 'CUST-0002' }, { secret: SECRET })}`,
    };
    const own = await limited.pool.request({
      path: '/graphql',
      method: 'POST',
      headers: tenantB,
      body: JSON.stringify({ query: '{ shipments(first: 1) { edges { node { id } } } }' }),
    });
    const ownId = ((await own.body.json()) as { data: { shipments: { edges: { node: { id: string } }[] } } }).data.shipments.edges[0].node
      .id;
    // Its own client: the flood's 8 connections, each waiting on a held 429, must not queue tenant B's requests.
    const ownPool = new Pool(`http://127.0.0.1:${limitedPort}`, { connections: 1 });
    const quietTenant = {
      headers: tenantB,
      query: QUERIES['shipment(id)'].replace(id, ownId),
      target: { ...limited, name: 'tenant-b', pool: ownPool },
    };
    targets.push(quietTenant.target);
    console.log(
      `\nNoisy neighbour (gateway with default budgets): tenant A (a customer) floods an N-alias shipments(first: 100) page across all subgraphs from ${FLOOD_LOOPS} parallel loops; tenant B (another customer) asks for one of its shipments, 200 times one at a time, alone and then during the flood`,
    );
    for (const aliases of HEAVY_ALIASES) await noisyNeighbour(limited, quietTenant, aliases);
  } finally {
    for (const target of targets) await target.pool.destroy();
    for (const child of children.reverse()) await child.stop();
  }
}
