import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { until } from './until';

export interface ServiceProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = path.join(__dirname, '../..');

/** Runs one process entry (e.g. `subgraphs/orders/index.ts`) under tsx and waits until its `/health/live` answers. */
export async function startServiceProcess(entry: string, port: number, env: Record<string, string>): Promise<ServiceProcess> {
  // `--import tsx` keeps the service in this one child process, so a signal reaches it.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
    env: { ...process.env, LADING_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
  await until(
    async () => {
      if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}: ${errors}`);
      return fetch(`http://127.0.0.1:${port}/health/live`).then(
        (r) => r.ok,
        () => false,
      );
    },
    `${entry} to come up on port ${port}`,
    60_000,
  ).catch((error) => {
    throw new Error(`${error.message}: ${errors}`);
  });
  return {
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        // Ended already: exited, or killed by a signal (a test's SIGKILL), which leaves exitCode null.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
