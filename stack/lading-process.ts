import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePortBlock } from './free-ports';

export interface LadingProcess {
  gatewayUrl: string;
  /** Gateway, orders, warehouse, transport, finance, governance: pass them again to restart on the same ports. */
  ports: number[];
  child: ChildProcess;
  /** What the process printed up to and including its "Lading is ready" banner (URLs, tokens). */
  banner: string;
  stop(): Promise<void>;
}

/** Runs `npm start`'s entry in a child process on free ports, without demo data, and waits until ready (benchmarks and crash tests). */
/** `nodeArgs`: extra node options for the child, e.g. `--cpu-prof` when profiling a benchmark. */
export async function startLadingProcess(
  env: Record<string, string> = {},
  ports?: number[],
  nodeArgs: string[] = [],
): Promise<LadingProcess> {
  const chosen = ports ?? (await freePortBlock(6));
  const [gateway, orders, warehouse, transport, finance, governance] = chosen;
  // `--import tsx` keeps Lading in this one child process (the tsx CLI would fork another), so a kill reaches it.
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(__dirname, '../scripts/start.ts')], {
    env: {
      ...process.env,
      LADING_DEMO_DATA: 'false',
      LADING_LOG_LEVEL: 'warn',
      LADING_GATEWAY_PORT: String(gateway),
      LADING_ORDERS_PORT: String(orders),
      LADING_WAREHOUSE_PORT: String(warehouse),
      LADING_TRANSPORT_PORT: String(transport),
      LADING_FINANCE_PORT: String(finance),
      LADING_GOVERNANCE_PORT: String(governance),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // The banner may arrive in several chunks: it is complete once its last token line is.
      if (/Lading is ready[\s\S]*\n {2}integration +\S+\n/.test(output)) resolve();
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
    child.once('exit', (code) => reject(new Error(`Lading exited with ${code} before it was ready: ${(output + errors).slice(-1500)}`)));
  });
  return {
    gatewayUrl: `http://127.0.0.1:${gateway}/graphql`,
    ports: chosen,
    child,
    banner: output.slice(output.indexOf('Lading is ready')),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
