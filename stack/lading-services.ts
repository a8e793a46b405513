import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../lib/subgraph-names';
import { freePortBlock } from './free-ports';
import { GATEWAY_NODE_OPTIONS } from './gateway-heap';
import type { LadingProcess } from './lading-process';

/** One child process per service, as the compose file runs them. */
export interface LadingServices extends LadingProcess {
  /** Gateway first, then the subgraphs in SUBGRAPH_NAMES order: one process each. */
  children: { name: string; child: ChildProcess }[];
  /** Starts a service whose process ended (killed by a test) again, on its port, and waits until it is ready. */
  restart(name: string): Promise<ChildProcess>;
}

const ENTRIES: Record<string, string> = {
  gateway: 'gateway/index.ts',
  ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `subgraphs/${name}/index.ts`])),
};

/**
 * The production topology (docker-compose.yml): the gateway and each subgraph in a process of its
 * own, sharing one Redis (`env` must set REDIS_URL or REDIS_CLUSTER_NODES), on free ports, without demo data; resolves
 * once every service answers `/health/ready`. The processes can use every core, where
 * `startLadingProcess` runs all five services on one event loop. `nodeArgs` go to every service's
 * node (e.g. `--cpu-prof` to profile them).
 */
export async function startLadingServices(env: Record<string, string>, nodeArgs: string[] = []): Promise<LadingServices> {
  if (!env.REDIS_URL && !env.REDIS_CLUSTER_NODES)
    throw new Error('separate services share their state through Redis: set REDIS_URL or REDIS_CLUSTER_NODES');
  const ports = await freePortBlock(1 + SUBGRAPH_NAMES.length);
  const names = ['gateway', ...SUBGRAPH_NAMES];
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    LADING_DEMO_DATA: 'false',
    LADING_LOG_LEVEL: 'warn',
    LADING_SUBGRAPH_SECRET: 'lading-services-subgraph-secret',
    LADING_GATEWAY_PORT: String(ports[0]),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [`LADING_${name.toUpperCase()}_PORT`, String(ports[i + 1])])),
    ...Object.fromEntries(
      SUBGRAPH_NAMES.map((name, i) => [`LADING_${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[i + 1]}/graphql`]),
    ),
    ...env,
  };
  const children: { name: string; child: ChildProcess }[] = [];
  const stop = () => Promise.all(children.map(({ child }) => stopChild(child))).then(() => undefined);
  // `--import tsx` keeps each service in one child process (the tsx CLI would fork another).
  // The gateway with its heap limit, as compose runs it; `nodeArgs` come after, so they can override it.
  const spawnService = (name: string) =>
    spawn(
      process.execPath,
      [...(name === 'gateway' ? GATEWAY_NODE_OPTIONS : []), ...nodeArgs, '--import', 'tsx', path.join(__dirname, '..', ENTRIES[name])],
      {
        env: shared,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  const restart = async (name: string) => {
    const running = children.find((c) => c.name === name);
    if (!running) throw new Error(`no service ${name}`);
    if (running.child.exitCode === null && running.child.signalCode === null) throw new Error(`${name} is still running`);
    running.child = spawnService(name);
    await untilReady(name, running.child, ports[names.indexOf(name)]);
    return running.child;
  };
  try {
    // Subgraphs first: the gateway composes against them.
    for (const name of [...SUBGRAPH_NAMES, 'gateway']) children.push({ name, child: spawnService(name) });
    await Promise.all(children.map(({ name, child }) => untilReady(name, child, ports[names.indexOf(name)])));
  } catch (error) {
    await stop();
    throw error;
  }
  children.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  return {
    gatewayUrl: `http://127.0.0.1:${ports[0]}/graphql`,
    ports,
    get child() {
      return children[0].child;
    },
    children,
    banner: '',
    stop,
    restart,
  };
}

async function untilReady(name: string, child: ChildProcess, port: number): Promise<void> {
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const deadline = Date.now() + 120_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it was ready: ${output}`);
      if (
        await fetch(`http://127.0.0.1:${port}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      if (Date.now() > deadline) throw new Error(`${name} was not ready within 120 s: ${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    child.stdout!.off('data', keep);
    child.stderr!.off('data', keep);
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
