import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { freePortBlock } from '../stack/free-ports';

const ROOT = path.join(__dirname, '..');
const SECRET = 'compiled-test-secret';

describe('production build', () => {
  it('npm run build produces a dist/ whose entry runs with plain node, SDL, supergraph and explorer assets included', async () => {
    execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'pipe' });
    const [gateway, orders, warehouse, transport, finance] = await freePortBlock(5);
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/scripts/start.js')], {
      env: {
        ...process.env,
        LADING_JWT_SECRET: SECRET,
        LADING_DEMO_DATA: 'false',
        LADING_LOG_LEVEL: 'warn',
        LADING_GATEWAY_PORT: String(gateway),
        LADING_ORDERS_PORT: String(orders),
        LADING_WAREHOUSE_PORT: String(warehouse),
        LADING_TRANSPORT_PORT: String(transport),
        LADING_FINANCE_PORT: String(finance),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Lading is ready')) resolve();
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`dist/scripts/start.js exited with ${code}: ${output.slice(-1500)}`)));
      });
      const token = await mintToken({ sub: 'rep', role: Role.ServiceRep }, { secret: SECRET });
      const response = await fetch(`http://127.0.0.1:${gateway}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ shipments(first: 1) { totalCount } orders(first: 1) { totalCount } }' }),
      });
      const body = (await response.json()) as any;
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ shipments: { totalCount: 0 }, orders: { totalCount: 0 } });
      const asset = await fetch(`http://127.0.0.1:${gateway}/explorer/assets/graphiql.min.js`);
      expect(asset.status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
  }, 180_000);
});
