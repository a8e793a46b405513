import { spawn } from 'node:child_process';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import type { LadingProcess } from '../stack/lading-process';
import { startLadingProcess } from '../stack/lading-process';

const SECRET = 'rate-limit-secret';
const RPS = 2;
const BURST = 6;
const QUERY = JSON.stringify({ query: '{ orders(first: 1) { totalCount } }' });

/** Floods for 4 s with 2 requests in flight on keep-alive sockets; prints the statuses and Retry-After values it got. */
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

/**
 * Lading runs in its own process and the flood comes from another. Whether a quiet tenant keeps its
 * latency meanwhile is measured by `npm run bench -- tenants` (a test on a busy machine cannot tell).
 */
describe('rate limiting per principal', () => {
  let lading: LadingProcess;

  beforeAll(async () => {
    // A small bucket, so that even a flood slowed by a loaded machine (a request costs one token) runs it dry.
    lading = await startLadingProcess({
      LADING_JWT_SECRET: SECRET,
      LADING_RATE_LIMIT_RPS: String(RPS),
      LADING_RATE_LIMIT_BURST: String(BURST),
    });
  });

  afterAll(() => lading.stop());

  const ask = async (token: string) => {
    const res = await fetch(lading.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: QUERY,
    });
    await res.arrayBuffer();
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  };

  it('answers a flooding customer 429 with Retry-After while another is still served', async () => {
    const flooder = await mintToken({ sub: 'flooder', role: Role.Customer, customerId: 'CUST-A' }, { secret: SECRET });
    const quiet = await mintToken({ sub: 'quiet', role: Role.Customer, customerId: 'CUST-B' }, { secret: SECRET });
    // The flood comes from another process, so that it competes with the quiet customer at the
    // gateway, as it would in production, and not inside this test's own event loop.
    const flood = spawn(process.execPath, ['-e', FLOOD_SCRIPT, lading.gatewayUrl, flooder, QUERY], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let report = '';
    flood.stdout.on('data', (chunk: Buffer) => (report += chunk.toString()));
    const finished = new Promise((r) => flood.once('exit', r));
    await finished;
    const afterwards = await ask(quiet);
    const { statuses, retryAfters } = JSON.parse(report) as { statuses: number[]; retryAfters: (string | null)[] };

    const limited = statuses.filter((s) => s === 429).length;
    const served = statuses.filter((s) => s === 200).length;
    // The burst plus the refill over the flood's 4 s (6 s of slack for a slow start).
    expect(served).toBeLessThanOrEqual(BURST + RPS * 6);
    expect(limited).toBeGreaterThan(0);
    expect(served + limited).toBe(statuses.length);
    expect(retryAfters.length).toBe(limited);
    expect(retryAfters.every((v) => v !== null && Number(v) >= 1)).toBe(true);
    expect(afterwards.status).toBe(200);
  }, 60_000);
});
