/// <reference types="jest" />
// describeWith… wrap jest's describe; the benches import the rest of this file, and the build compiles them without jest's types.
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, onPath } from './redis-server';
import { until, untilValue } from './until';

/** What `redis-cli --cluster create … --cluster-replicas 1` builds from six nodes. */
const MASTERS = 3;
const NODES = MASTERS * 2;
const SLOTS = 16384;

/**
 * How long a node may be silent before it is suspected. Small so that a killed master's replica takes
 * over within a few seconds (detection, then the election); large enough that a busy two-core machine
 * does not fail nodes that are only slow to answer.
 */
const NODE_TIMEOUT_MS = 2000;

/** A node as the cluster describes it (CLUSTER NODES). */
export interface ClusterNode {
  port: number;
  role: 'master' | 'replica';
  /** The hash slots it serves, as inclusive ranges; empty for a replica. */
  slots: [number, number][];
  /** A replica's master. */
  masterPort?: number;
}

/** A private Redis Cluster of three masters, each with one replica, on 127.0.0.1. */
export interface TestRedisCluster {
  /** Every node as `127.0.0.1:port`, comma-separated: the form REDIS_CLUSTER_NODES takes. */
  seeds: string;
  /** The live nodes as a live node sees them; nodes that were killed or that the cluster marked failed are left out. */
  nodes(): Promise<ClusterNode[]>;
  /** Kills a node with SIGKILL: no shutdown, no last write to disk, as when its host dies. */
  killNode(port: number): void;
  /** The process id of the node on `port` (benchmarks read its CPU time). */
  pidOf(port: number): number;
  /**
   * Waits until the slots the killed master `deadPort` served are served by another master (its replica,
   * promoted) and every live node reports the cluster healthy again; resolves to that master's port.
   */
  waitForFailover(deadPort: number): Promise<number>;
  /** Kills every node and removes their directories. */
  stop(): Promise<void>;
}

/**
 * One command over a raw socket, its reply as text (a status, a bulk string or an error as `-ERR …`);
 * null when the node does not answer. Raw like redis-server.ts's ping: a failed ioredis client lingers.
 */
function ask(port: number, ...args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (value: string | null) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(2000, () => done(null));
    socket.on('error', () => done(null));
    socket.on('connect', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      const lineEnd = reply.indexOf('\r\n');
      if (lineEnd < 0) return;
      if (reply[0] !== '$') return done(reply.slice(0, lineEnd));
      const length = Number(reply.slice(1, lineEnd));
      if (length < 0) return done('');
      if (Buffer.byteLength(reply) >= lineEnd + 2 + length + 2) done(reply.slice(lineEnd + 2, lineEnd + 2 + length));
    });
  });
}

/** `field:value` lines of CLUSTER INFO or INFO, by field. */
function fields(info: string): Record<string, string> {
  return Object.fromEntries(info.split('\r\n').flatMap((line) => (line.includes(':') ? [line.split(':', 2) as [string, string]] : [])));
}

/** CLUSTER NODES: `<id> <ip:port@bus[,host]> <flags> <master id|-> <ping> <pong> <epoch> <link> <slot ranges…>`. */
function parseNodes(text: string): ClusterNode[] {
  const rows = text
    .trim()
    .split('\n')
    .map((line) => {
      const [id, address, flags, masterId, , , , , ...slots] = line.trim().split(' ');
      return { id, port: Number(/:(\d+)@/.exec(address)?.[1]), flags: flags.split(','), masterId, slots };
    });
  const portOf = new Map(rows.map((row) => [row.id, row.port]));
  return rows
    .filter((row) => !row.flags.includes('fail') && !row.flags.includes('noaddr'))
    .map((row): ClusterNode => {
      if (row.flags.includes('slave')) return { port: row.port, role: 'replica', slots: [], masterPort: portOf.get(row.masterId) };
      // `[slot->-id]` entries are slots being migrated, not served.
      const ranges = row.slots.filter((s) => !s.startsWith('[')).map((s) => s.split('-').map(Number));
      return { port: row.port, role: 'master', slots: ranges.map(([from, to = from]) => [from, to]) };
    });
}

function slotCount(node: ClusterNode): number {
  return node.slots.reduce((sum, [from, to]) => sum + to - from + 1, 0);
}

class LocalRedisCluster implements TestRedisCluster {
  private readonly killed = new Set<number>();
  /** The topology when the cluster was last healthy: which slots a killed master served. */
  private healthy: ClusterNode[] = [];

  constructor(
    private readonly processes: Map<number, ChildProcess>,
    private readonly dirs: string[],
  ) {}

  get seeds(): string {
    return [...this.processes.keys()].map((port) => `127.0.0.1:${port}`).join(',');
  }

  private live(): number[] {
    return [...this.processes.keys()].filter((port) => !this.killed.has(port));
  }

  async nodes(): Promise<ClusterNode[]> {
    for (const port of this.live()) {
      const reply = await ask(port, 'CLUSTER', 'NODES');
      if (reply && !reply.startsWith('-')) return parseNodes(reply).filter((node) => !this.killed.has(node.port));
    }
    throw new Error('no node of the test cluster answers');
  }

  /**
   * Every live node sees all slots served and the cluster ok, three masters serve them, every replica's link
   * is up, and only as many masters as nodes were killed lack a replica (a promoted one has none of its own).
   */
  private async isHealthy(): Promise<boolean> {
    for (const port of this.live()) {
      const info = fields((await ask(port, 'CLUSTER', 'INFO')) ?? '');
      if (info.cluster_state !== 'ok' || Number(info.cluster_slots_ok) !== SLOTS) return false;
    }
    const nodes = await this.nodes();
    const masters = nodes.filter((node) => node.role === 'master' && slotCount(node) > 0);
    if (masters.reduce((sum, master) => sum + slotCount(master), 0) !== SLOTS) return false;
    for (const replica of nodes.filter((node) => node.role === 'replica')) {
      if (fields((await ask(replica.port, 'INFO', 'replication')) ?? '').master_link_status !== 'up') return false;
    }
    const withoutReplica = masters.filter((master) => !nodes.some((node) => node.masterPort === master.port));
    if (masters.length !== MASTERS || withoutReplica.length > this.killed.size) return false;
    this.healthy = nodes;
    return true;
  }

  async waitUntilHealthy(): Promise<void> {
    await until(() => this.isHealthy(), 'the test Redis Cluster to serve every slot with its replicas connected', 60_000);
  }

  pidOf(port: number): number {
    const pid = this.processes.get(port)?.pid;
    if (pid === undefined) throw new Error(`port ${port} is no node of the test cluster`);
    return pid;
  }

  killNode(port: number): void {
    const child = this.processes.get(port);
    if (!child) throw new Error(`port ${port} is no node of the test cluster`);
    this.killed.add(port);
    child.kill('SIGKILL');
  }

  async waitForFailover(deadPort: number): Promise<number> {
    const lost = this.healthy.find((node) => node.port === deadPort && node.role === 'master');
    if (!lost) throw new Error(`port ${deadPort} was no master when the cluster was last healthy: nothing fails over`);
    const [firstSlot] = lost.slots[0];
    const promoted = await untilValue(
      async () =>
        (await this.nodes()).find(
          (node) => node.role === 'master' && node.slots.some(([from, to]) => from <= firstSlot && firstSlot <= to),
        ),
      (node) => node !== undefined && node.port !== deadPort,
      `a replica to take over the slots of the master on port ${deadPort}`,
      60_000,
    );
    await this.waitUntilHealthy();
    return promoted!.port;
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

function spawnNode(port: number, busPort: number, dir: string): ChildProcess {
  // Each node in its own directory: nodes.conf is the node's identity and is rewritten as the cluster changes.
  return spawn(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
      ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-port', String(busPort)],
      ...['--cluster-node-timeout', String(NODE_TIMEOUT_MS)],
      // A replica that lost its master a moment ago takes over whatever its data's age: the test decides what it wrote.
      ...['--cluster-replica-validity-factor', '0'],
    ],
    { stdio: 'ignore' },
  );
}

function createCluster(ports: number[]): Promise<void> {
  const args = ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '1', '--cluster-yes'];
  return new Promise((resolve, reject) => {
    execFile('redis-cli', args, { timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`redis-cli --cluster create failed: ${error.message}\n${stdout}${stderr}`)) : resolve(),
    );
  });
}

/** Whether both binaries the cluster needs are on PATH. */
const canSpawnCluster = onPath('redis-server') && onPath('redis-cli');

/** Whether Redis Cluster tests can run here at all (decided before suites are defined); CI insists. */
export const clusterAvailable = canSpawnCluster || process.env.CI === 'true';
if (!clusterAvailable) console.warn('SKIPPING Redis Cluster tests: redis-server or redis-cli is not on PATH');

/**
 * Starts six nodes on free ports (each with its bus on a free port of its own, as port + 10000 may not
 * exist) and joins them into three masters with a replica each; resolves once the cluster is healthy.
 * Null (the suite skips, loudly) only when redis-server or redis-cli is missing and this is not CI.
 */
export async function startRedisCluster(): Promise<TestRedisCluster | null> {
  if (!canSpawnCluster) {
    if (process.env.CI === 'true') throw new Error('CI needs a Redis Cluster: redis-server and redis-cli must be on PATH');
    console.warn('SKIPPING Redis Cluster tests: redis-server or redis-cli is not on PATH');
    return null;
  }
  const processes = new Map<number, ChildProcess>();
  const dirs: string[] = [];
  const cluster = new LocalRedisCluster(processes, dirs);
  try {
    const ports: number[] = [];
    while (ports.length < NODES * 2) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    for (let i = 0; i < NODES; i++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'lading-cluster-'));
      dirs.push(dir);
      processes.set(ports[i], spawnNode(ports[i], ports[NODES + i], dir));
    }
    const nodePorts = [...processes.keys()];
    await until(async () => {
      // A port taken between freePort and the node's start: fail now, naming it, rather than at the deadline.
      for (const [port, child] of processes)
        if (child.exitCode !== null) throw new Error(`the cluster node on port ${port} exited at start`);
      return (await Promise.all(nodePorts.map((port) => ask(port, 'PING')))).every((reply) => reply === '+PONG');
    }, 'the cluster nodes to answer');
    await createCluster(nodePorts);
    await cluster.waitUntilHealthy();
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** The cluster's nodes as REDIS_CLUSTER_NODES is parsed: the seeds of a cluster target. */
export function seedNodes(cluster: TestRedisCluster): { host: string; port: number }[] {
  return cluster.seeds.split(',').map((seed) => ({ host: seed.split(':')[0], port: Number(seed.split(':')[1]) }));
}

/**
 * `describe` with a Redis Cluster for the suite, like describeWithRedis; the body gets a getter, valid
 * inside hooks and tests. Skipped (with the warning above) where the cluster cannot run.
 */
export function describeWithRedisCluster(name: string, body: (cluster: () => TestRedisCluster) => void): void {
  (clusterAvailable ? describe : describe.skip)(name, () => {
    let cluster: TestRedisCluster | null = null;
    beforeAll(async () => {
      cluster = await startRedisCluster();
    }, 120_000);
    afterAll(async () => {
      await cluster?.stop();
    });
    body(() => {
      if (!cluster) throw new Error('no Redis Cluster for this suite');
      return cluster;
    });
  });
}
