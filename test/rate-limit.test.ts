import { spawn } from 'node:child_process';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { LadingProcess, startLadingProcess } from '../stack/lading-process';

const SECRET = 'rate-limit-secret';
const QUERY = JSON.stringify({ query: '{ orders(first: 1) { totalCount } }' });

/** Floods for 3.5 s with 2 requests in flight on keep-alive sockets; prints the statuses and Retry-After values it got. */
const FLOOD_SCRIPT = `
const http = require('node:http');
const [url, token, body] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true });
const statuses = [], retryAfters = [];
const until = Date.now() + 4000;
const once = () => new Promise((resolve) => {
  const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token } }, (res) => {
    res.resume();
    res.on('end', () => {
      statuses.push(res.statusCode);
      if (res.statusCode === 429) retryAfters.push(res.headers['retry-after'] ?? null);
      resolve();
    });
  });
  req.on('error', resolve);
  req.end(body);
});
const worker = async () => { while (Date.now() < until) await once(); };
Promise.all(Array.from({ length: 2 }, worker)).then(() => process.stdout.write(JSON.stringify({ statuses, retryAfters })));
`;

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1];
}

/** Lading runs in its own process, so the flood competes with the quiet customer there, not in the test. */
describe('rate limiting per principal', () => {
  let lading: LadingProcess;

  beforeAll(async () => {
    lading = await startLadingProcess({ LADING_JWT_SECRET: SECRET, LADING_RATE_LIMIT_RPS: '20', LADING_RATE_LIMIT_BURST: '40' });
  });

  afterAll(() => lading.stop());

  const ask = async (token: string) => {
    const started = performance.now();
    const res = await fetch(lading.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: QUERY });
    await res.arrayBuffer();
    return { status: res.status, retryAfter: res.headers.get('retry-after'), ms: performance.now() - started };
  };

  async function quietLatencies(token: string, count: number): Promise<number[]> {
    const latencies: number[] = [];
    for (let i = 0; i < count; i++) {
      const res = await ask(token);
      expect(res.status).toBe(200);
      latencies.push(res.ms);
      await new Promise((r) => setTimeout(r, 40));
    }
    return latencies;
  }

  it('answers a flooding customer 429 with Retry-After while another keeps its latency', async () => {
    const flooder = await mintToken({ sub: 'flooder', role: Role.Customer, customerId: 'CUST-A' }, { secret: SECRET });
    const quiet = await mintToken({ sub: 'quiet', role: Role.Customer, customerId: 'CUST-B' }, { secret: SECRET });
    for (let i = 0; i < 10; i++) await ask(quiet); // warm up
    const baseline = await quietLatencies(quiet, 50);

    // The flood comes from another process, so that it competes with the quiet customer at the
    // gateway, as it would in production, and not inside this test's own event loop.
    const flood = spawn(process.execPath, ['-e', FLOOD_SCRIPT, lading.gatewayUrl, flooder, QUERY], { stdio: ['ignore', 'pipe', 'inherit'] });
    let report = '';
    flood.stdout.on('data', (chunk: Buffer) => (report += chunk.toString()));
    const finished = new Promise((r) => flood.once('exit', r));
    await new Promise((r) => setTimeout(r, 300));
    const underFlood = await quietLatencies(quiet, 50);
    await finished;
    const { statuses, retryAfters } = JSON.parse(report) as { statuses: number[]; retryAfters: (string | null)[] };

    const limited = statuses.filter((s) => s === 429).length;
    console.log(`rate limit: flood ${statuses.length} requests, ${limited} got 429; quiet p95 ${p95(baseline).toFixed(1)} ms alone, ${p95(underFlood).toFixed(1)} ms during the flood`);
    expect(statuses.length).toBeGreaterThan(1000);
    expect(limited).toBeGreaterThan(statuses.length * 0.8);
    expect(retryAfters.length).toBe(limited);
    expect(retryAfters.every((v) => v !== null && Number(v) >= 1)).toBe(true);
    expect(p95(underFlood)).toBeLessThanOrEqual(2 * p95(baseline));
  }, 60_000);
});
