import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

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
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}: ${errors}`);
    const live = await fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.ok, () => false);
    if (live) break;
    if (Date.now() > deadline) throw new Error(`${entry} did not come up on port ${port}: ${errors}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
