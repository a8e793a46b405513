import { spawn } from 'node:child_process';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { startLadingProcess } from '../stack/lading-process';
import { quantile } from './stats';

/**
 * Tenant isolation under a heavy-cost flood: a quiet tenant asks for one shipment at a steady pace,
 * first alone, then while another tenant floods 30-alias `shipments(first: 100)` queries across all
 * four subgraphs from a separate process. Prints the quiet tenant's p95 both times, their ratio, and
 * how many heavy queries were served and refused (the rate limit charges each its estimated cost).
 */
const SECONDS = Number(process.env.BENCH_TENANT_SECONDS ?? 8);
const HEAVY_WORKERS = Number(process.env.BENCH_HEAVY_WORKERS ?? 4);
const SHIPMENTS = 100;
const SECRET = 'bench-tenants-secret';

const HEAVY = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: shipments(first: 100) { edges { node { id number status order { number } fulfillment { state } billing { status } } } }`).join(' ')} }`;
const LIGHT = '{ shipment(id: "SHP-Q1") { id status order { number } } }';

/** Sends the heavy query back to back from a few workers for the given seconds; prints the statuses it got. */
const FLOOD = `
const [url, token, body, seconds, workers] = process.argv.slice(1);
const statuses = {};
const until = Date.now() + Number(seconds) * 1000;
const worker = async () => {
  while (Date.now() < until) {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status === 429) await new Promise((r) => setTimeout(r, 5));
    } catch { statuses.error = (statuses.error ?? 0) + 1; }
  }
};
Promise.all(Array.from({ length: Number(workers) }, worker)).then(() => process.stdout.write(JSON.stringify(statuses)));
`;

export async function tenantBench(): Promise<void> {
  const lading = await startLadingProcess({ LADING_JWT_SECRET: SECRET });
  const base = lading.gatewayUrl.replace('/graphql', '');
  try {
    const integration = await mintToken({ sub: 'bench', role: Role.Integration }, { secret: SECRET });
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, minute)).toISOString();
    const order = (id: string, customer: string, shipments: string[]) => [
      {
        specversion: '1.0',
        id: `${id}-c`,
        source: 'urn:erp:bench',
        type: EventType.OrderCreated,
        time: at(0),
        subject: id,
        data: { number: `SO-${id}`, customer: { id: customer, name: customer }, lines: [{ sku: 'A', quantity: 1 }] },
      },
      {
        specversion: '1.0',
        id: `${id}-r`,
        source: 'urn:erp:bench',
        type: EventType.OrderReleased,
        time: at(1),
        subject: id,
        data: { shipments: shipments.map((s) => ({ id: s, number: `SH-${s}`, warehouseId: 'W' })) },
      },
    ];
    await fetch(`${base}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${integration}` },
      body: JSON.stringify([
        ...order(
          'ORD-H',
          'CUST-HEAVY',
          Array.from({ length: SHIPMENTS }, (_, i) => `SHP-H${i}`),
        ),
        ...order('ORD-Q', 'CUST-QUIET', ['SHP-Q1']),
      ]),
    });
    const heavy = await mintToken({ sub: 'heavy-tenant', role: Role.Customer, customerId: 'CUST-HEAVY' }, { secret: SECRET });
    const quiet = await mintToken({ sub: 'quiet-tenant', role: Role.Customer, customerId: 'CUST-QUIET' }, { secret: SECRET });
    const ask = async (token: string, query: string) => {
      const started = performance.now();
      const res = await fetch(lading.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      const body = (await res.json()) as { data?: { shipment?: unknown } };
      return { ms: performance.now() - started, ok: res.status === 200 && Boolean(body.data?.shipment) };
    };
    // Demo events are applied asynchronously: wait until the quiet tenant's shipment answers.
    for (let tries = 0; !(await ask(quiet, LIGHT)).ok; tries++) {
      if (tries > 100) throw new Error("the quiet tenant's shipment never appeared");
      await new Promise((r) => setTimeout(r, 100));
    }
    const paced = async (seconds: number) => {
      const latencies: number[] = [];
      let failures = 0;
      const until = Date.now() + seconds * 1000;
      while (Date.now() < until) {
        const { ms, ok } = await ask(quiet, LIGHT);
        if (ok) latencies.push(ms);
        else failures++;
        await new Promise((r) => setTimeout(r, 25));
      }
      return { latencies, failures };
    };
    await paced(1); // warm up
    const alone = await paced(SECONDS);
    // One heavy query on its own, under another principal (so the flooder's budget is untouched): what one admitted costs.
    const probe = await mintToken({ sub: 'heavy-probe', role: Role.Customer, customerId: 'CUST-HEAVY' }, { secret: SECRET });
    const heavyStarted = performance.now();
    const heavyOne = await fetch(lading.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${probe}` },
      body: JSON.stringify({ query: HEAVY }),
    });
    await heavyOne.arrayBuffer();
    const heavyMs = performance.now() - heavyStarted;
    await new Promise((r) => setTimeout(r, 500));
    const flood = spawn(
      process.execPath,
      ['-e', FLOOD, lading.gatewayUrl, heavy, JSON.stringify({ query: HEAVY }), String(SECONDS + 1), String(HEAVY_WORKERS)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let report = '';
    flood.stdout.on('data', (chunk: Buffer) => (report += chunk.toString()));
    const finished = new Promise((r) => flood.once('exit', r));
    await new Promise((r) => setTimeout(r, 500));
    const flooded = await paced(SECONDS);
    await finished;
    const p95Alone = quantile(alone.latencies, 0.95);
    const p95Flooded = quantile(flooded.latencies, 0.95);
    console.log(
      `tenants: a quiet tenant's single-shipment query, ${SECONDS} s alone then ${SECONDS} s during a heavy-cost flood from another tenant (${HEAVY_WORKERS} workers)`,
    );
    console.log(
      `  quiet alone:   p50 ${quantile(alone.latencies, 0.5).toFixed(1)} ms, p95 ${p95Alone.toFixed(1)} ms (${alone.latencies.length} answers, ${alone.failures} failed)`,
    );
    console.log(
      `  quiet flooded: p50 ${quantile(flooded.latencies, 0.5).toFixed(1)} ms, p95 ${p95Flooded.toFixed(1)} ms (${flooded.latencies.length} answers, ${flooded.failures} failed)`,
    );
    console.log(`  p95 ratio:     ${(p95Flooded / p95Alone).toFixed(2)}× (target ≤ 2×)`);
    console.log(`  heavy flood:   statuses ${report}; one heavy query alone took ${heavyMs.toFixed(0)} ms (HTTP ${heavyOne.status})`);
  } finally {
    await lading.stop();
  }
}
