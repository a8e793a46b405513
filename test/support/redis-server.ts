/// <reference types="jest" />
// describeWith… wrap jest's describe; the benches import the rest of this file, and the build compiles them without jest's types.
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { until } from './until';

export interface TestRedis {
  url: string;
  /** The private server's port (null when an external REDIS_URL is used). */
  port: number | null;
  stop(): Promise<void>;
}

/** Whether a binary (redis-server, redis-cli) is on PATH. */
export function onPath(binary: string): boolean {
  try {
    execFileSync('which', [binary], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** PING over a raw socket: an ioredis client that failed to connect lingers and keeps jest from exiting. */
function pingOnce(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port || 6379), hostname || '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function waitForPing(url: string, timeoutMs = 30_000): Promise<void> {
  return until(() => pingOnce(url), `Redis at ${url} to answer`, timeoutMs);
}

/** Starts a private redis-server on a free port and waits until it answers. */
export async function spawnRedis(port?: number): Promise<TestRedis & { process: ChildProcess }> {
  const chosen = port ?? (await freePort());
  const child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${chosen}`;
  await waitForPing(url);
  return {
    url,
    port: chosen,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/**
 * The Redis for a test suite: a private redis-server when the binary is on PATH, else REDIS_URL;
 * null (the suite skips, loudly) only when neither exists and this is not CI.
 */
export async function startRedis(): Promise<TestRedis | null> {
  if (onPath('redis-server')) return spawnRedis();
  if (process.env.REDIS_URL) {
    await waitForPing(process.env.REDIS_URL);
    return { url: process.env.REDIS_URL, port: null, stop: async () => undefined };
  }
  if (process.env.CI === 'true') throw new Error('CI needs Redis: no redis-server on PATH and no REDIS_URL');
  console.warn('SKIPPING Redis tests: no redis-server on PATH and no REDIS_URL set');
  return null;
}

/** A key prefix no other test uses, so tests can share one server. */
export function uniquePrefix(): string {
  return `test-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** `describe` with a Redis for the suite; the body gets a getter, valid inside hooks and tests. */
export function describeWithRedis(name: string, body: (redis: () => TestRedis) => void): void {
  describe(name, () => {
    let redis: TestRedis | null = null;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      await redis?.stop();
    });
    body(() => {
      if (!redis) throw new Error('no Redis for this suite');
      return redis;
    });
  });
}

/** Whether tests may start (and kill) Redis servers of their own. */
export const canSpawnRedis = onPath('redis-server');

/** Whether Redis tests can run here at all (decided before suites are defined). */
export const redisAvailable = canSpawnRedis || Boolean(process.env.REDIS_URL) || process.env.CI === 'true';
if (!redisAvailable) console.warn('SKIPPING Redis tests: no redis-server on PATH and no REDIS_URL set');
