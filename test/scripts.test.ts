import { spawn } from 'node:child_process';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { loadConfig } from '../lib/config';
import { freePortBlock } from '../stack/free-ports';
import { startupBanner } from '../stack/print-banner';

const ROOT = path.join(__dirname, '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script the way `npm run <name> -- …` does (tsx), without npm's own start-up cost. */
function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, LADING_JWT_SECRET: '', LADING_DEMO_DATA: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A script that ignored --help would start serving: never let it outlive the test.
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('--help', () => {
  it.each([
    ['scripts/start.ts', /npm start/],
    ['scripts/token.ts', /npm run (-s )?token -- --role/],
    ['scripts/compose.ts', /npm run compose/],
    ['scripts/catalogue.ts', /npm run catalogue/],
    ['scripts/config-docs.ts', /npm run config-docs/],
    ['scripts/schema-check.ts', /npm run schema:check/],
  ])('%s prints its usage and exits 0 without doing anything', async (script, usage) => {
    const run = await runScript(script, ['--help']);
    expect(run.stdout).toMatch(usage);
    expect(run.stdout).not.toMatch(/Lading is ready|^ey/m);
    expect(run.code).toBe(0);
  });

  it('an unknown option is refused, naming it, with the usage', async () => {
    const run = await runScript('scripts/token.ts', ['--rol', 'customer']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--rol/);
    expect(run.stderr).toMatch(/usage/i);
  });

  it('npm start refuses an unknown option instead of starting', async () => {
    const run = await runScript('scripts/start.ts', ['--port', '5000']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--port/);
    expect(run.stderr).toMatch(/LADING_GATEWAY_PORT/);
  });
});

describe('development tokens', () => {
  it('the banner states the lifetime its tokens and the token script really have', async () => {
    const banner = await startupBanner('http://127.0.0.1:4000/graphql', loadConfig({}), 'test data');
    const stated = /valid (\d+) days/.exec(banner);
    expect(stated).not.toBeNull();
    const bannerTokens = banner.match(/ey[\w-]+\.[\w-]+\.[\w-]+/g) ?? [];
    expect(bannerTokens).toHaveLength(3);
    const script = await runScript('scripts/token.ts', ['--role', 'service_rep']);
    expect(script.code).toBe(0);
    const lifetimes = [...bannerTokens, script.stdout.trim()].map((token) => {
      const claims = decodeJwt(token);
      return (claims.exp! - claims.iat!) / 86_400;
    });
    expect(new Set(lifetimes)).toEqual(new Set([Number(stated![1])]));
  });

  it('binds a carrier integration with --carriers, and refuses the option for other roles', async () => {
    const script = await runScript('scripts/token.ts', ['--role', 'integration', '--carriers', 'acme, ODFL']);
    expect(script.code).toBe(0);
    expect(decodeJwt(script.stdout.trim())).toMatchObject({ role: 'integration', carriers: ['ACME', 'ODFL'] });
    const refused = await runScript('scripts/token.ts', ['--role', 'customer', '--customer', 'CUST-0001', '--carriers', 'ACME']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--carriers binds an integration token/);
  });
});

describe('a busy port', () => {
  let blocker: Server;
  afterEach(() => new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve())));

  it('stops npm start with a message naming the port and the setting to change', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    const [orders, warehouse, transport, finance] = await freePortBlock(4);
    const run = await runScript('scripts/start.ts', [], {
      LADING_GATEWAY_PORT: String(busy),
      LADING_ORDERS_PORT: String(orders),
      LADING_WAREHOUSE_PORT: String(warehouse),
      LADING_TRANSPORT_PORT: String(transport),
      LADING_FINANCE_PORT: String(finance),
      LADING_HOST: '127.0.0.1',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`port ${busy}`);
    expect(run.stderr).toContain('LADING_GATEWAY_PORT');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('bad settings', () => {
  it('npm start refuses to start, naming every bad setting and what it accepts', async () => {
    const run = await runScript('scripts/start.ts', [], { LADING_HOLD_TTL: 'soon', LADING_GATEWAY_PORT: '99999' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/lading: failed to start: 2 settings are not accepted/);
    expect(run.stderr).toMatch(/LADING_GATEWAY_PORT must be a port number from 0 to 65535 .*got "99999"/);
    expect(run.stderr).toMatch(/LADING_HOLD_TTL must be a duration .*got "soon"/);
    expect(run.stdout).not.toMatch(/Lading is ready/);
  });
});

/** Whether nothing listens on `port` any more: binding it succeeds. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('stopping npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s to the process npm start started stops every child and frees the ports',
    async (signal) => {
      const ports = await freePortBlock(5);
      const [gateway, orders, warehouse, transport, finance] = ports.map(String);
      // Through npm itself, as a person or a process manager runs it: npm hands the signal to its script only.
      const npm = spawn('npm', ['start'], {
        cwd: ROOT,
        env: {
          ...process.env,
          LADING_DEMO_DATA: 'false',
          LADING_LOG_LEVEL: 'warn',
          LADING_HOST: '127.0.0.1',
          LADING_GATEWAY_PORT: gateway,
          LADING_ORDERS_PORT: orders,
          LADING_WAREHOUSE_PORT: warehouse,
          LADING_TRANSPORT_PORT: transport,
          LADING_FINANCE_PORT: finance,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
      let output = '';
      await new Promise<void>((resolve, reject) => {
        npm.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Lading is ready')) resolve();
        });
        npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        void exited.then((code) => reject(new Error(`npm start exited with ${code} before it was ready: ${output.slice(-1500)}`)));
      });
      expect(await portIsFree(ports[0])).toBe(false);
      npm.kill(signal);
      await exited;
      expect(await Promise.all(ports.map(portIsFree))).toEqual([true, true, true, true, true]);
    },
    60_000,
  );
});
