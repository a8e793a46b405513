import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';

export interface Child {
  process: ChildProcess;
  pid: number;
  stop(): Promise<void>;
}

/** Spawns `node <script>` and waits until it prints `ready` (or `/health/ready` at `readyUrl` answers 200). */
export async function startChild(script: string, env: Record<string, string>, readyUrl?: string, nodeArgs: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}: ${output}`);
    if (
      readyUrl
        ? await fetch(readyUrl).then(
            (r) => r.ok,
            () => false,
          )
        : output.includes('ready')
    )
      break;
    if (Date.now() > deadline) throw new Error(`${script} was not ready within 60 s: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    process: child,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
