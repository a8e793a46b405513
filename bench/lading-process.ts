import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePortBlock } from './ports';

export interface LadingProcess {
  gatewayUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs `npm start`'s entry in a child process on free ports, without demo data, and waits until ready. */
export async function startLadingProcess(env: Record<string, string> = {}): Promise<LadingProcess> {
  const [gateway, orders, warehouse, transport, finance] = await freePortBlock(5);
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, '../scripts/start.ts')], {
    env: {
      ...process.env,
      LADING_DEMO_DATA: 'false',
      LADING_LOG_LEVEL: 'warn',
      LADING_GATEWAY_PORT: String(gateway),
      LADING_ORDERS_PORT: String(orders),
      LADING_WAREHOUSE_PORT: String(warehouse),
      LADING_TRANSPORT_PORT: String(transport),
      LADING_FINANCE_PORT: String(finance),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Lading is ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`Lading exited with ${code} before it was ready`)));
  });
  return {
    gatewayUrl: `http://127.0.0.1:${gateway}/graphql`,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
