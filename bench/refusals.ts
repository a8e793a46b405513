import { Role } from '../lib/identity/identity';
import { orderWithShipments } from '../test/support/events';
import { startTestStack } from '../test/support/test-stack';
import { quantile } from './stats';

/**
 * `npm run bench -- refusals`: how long the gateway takes to refuse what it must refuse cheaply
 * (a 30-level query, 2,000 aliases of a list, a 2 MB body). The tests check that each is refused with
 * the right code; these times are machine-dependent, so they are measured here. BENCH_REQUESTS (20).
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20);

function deepQuery(): string {
  let inner = 'id';
  for (let i = 0; i < 15; i++) inner = `order { shipments { ${inner} } }`;
  return JSON.stringify({ query: `{ shipment(id: "SHP-B") { ${inner} } }` });
}

const BODIES: Record<string, () => string> = {
  '30 levels deep (400)': deepQuery,
  '2,000 aliases of a 100-item list (400)': () =>
    JSON.stringify({
      query: `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: shipments(first: 100) { edges { node { id } } }`).join(' ')} }`,
    }),
  '2 MB body (413)': () => JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
};

export async function refusalBench(): Promise<void> {
  const t = await startTestStack(undefined, { rate: { ratePerSecond: 100_000, burst: 100_000 } });
  try {
    await t.ingest(orderWithShipments('ORD-B', 'CUST-B', ['SHP-B']));
    const token = await t.token(Role.Customer, 'CUST-B');
    console.log(`refusals: ms per refused request over ${REQUESTS} requests (p50 / p95 / max)`);
    for (const [name, make] of Object.entries(BODIES)) {
      const body = make();
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const started = performance.now();
        const res = await fetch(t.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
        });
        await res.arrayBuffer();
        times.push(performance.now() - started);
        if (res.status < 400) throw new Error(`${name}: answered ${res.status}, expected a refusal`);
      }
      const f = (n: number) => n.toFixed(1);
      console.log(`  ${name.padEnd(42)} ${f(quantile(times, 0.5))} / ${f(quantile(times, 0.95))} / ${f(Math.max(...times))}`);
    }
  } finally {
    await t.dispose();
  }
}
