import { loadDemoData } from '../../demo/load';
import { silentLogger } from '../../lib/logger';
import { createMemoryRuntime } from '../../lib/runtime/memory-runtime';
import { RunningService } from '../../lib/server/subgraph-server';
import { SUBGRAPH_NAMES, SubgraphName } from '../../lib/subgraph-names';
import { start as finance } from '../../subgraphs/finance/server';
import { start as orders } from '../../subgraphs/orders/server';
import { start as transport } from '../../subgraphs/transport/server';
import { start as warehouse } from '../../subgraphs/warehouse/server';

/**
 * The four subgraphs with the demo data in one process of their own, so that the gateways a
 * benchmark compares run against the same subgraph processes and their CPU is measured alone.
 * Reads BENCH_SECRET and BENCH_PORTS (orders,warehouse,transport,finance); prints "ready" when done.
 */
const STARTERS = { orders, warehouse, transport, finance };

async function main(): Promise<void> {
  const runtime = createMemoryRuntime(silentLogger);
  const ports = (process.env.BENCH_PORTS ?? '').split(',').map(Number);
  const running: RunningService[] = [];
  for (const [i, name] of SUBGRAPH_NAMES.entries()) {
    running.push(await STARTERS[name as SubgraphName]({ runtime, logger: silentLogger, host: '127.0.0.1', port: ports[i] ?? 0, subgraphSecret: process.env.BENCH_SECRET ?? '' }));
  }
  await loadDemoData(runtime, silentLogger);
  process.stdout.write('ready\n');
  process.on('SIGTERM', async () => {
    for (const service of running) await service.dispose();
    await runtime.dispose();
    process.exit(0);
  });
}

void main();
