import { loadDemoData } from '../../demo/load';
import { silentLogger } from '../../lib/logger';
import { createMemoryRuntime } from '../../lib/runtime/memory-runtime';
import type { RunningService } from '../../lib/server/subgraph-server';
import { SUBGRAPH_NAMES } from '../../lib/subgraph-names';
import { SUBGRAPH_STARTERS } from '../../stack/start-stack';

/**
 * The subgraphs with the demo data in one process of their own, so that the gateways a
 * benchmark compares run against the same subgraph processes and their CPU is measured alone.
 * Reads BENCH_SECRET and BENCH_PORTS (one per subgraph, in SUBGRAPH_NAMES order); prints "ready" when done.
 */
async function main(): Promise<void> {
  const runtime = createMemoryRuntime(silentLogger);
  const ports = (process.env.BENCH_PORTS ?? '').split(',').map(Number);
  const running: RunningService[] = [];
  for (const [i, name] of SUBGRAPH_NAMES.entries()) {
    running.push(
      await SUBGRAPH_STARTERS[name]({
        runtime,
        logger: silentLogger,
        host: '127.0.0.1',
        port: ports[i] ?? 0,
        subgraphSecret: process.env.BENCH_SECRET ?? '',
      }),
    );
  }
  await loadDemoData(runtime, silentLogger);
  process.stdout.write('ready\n');
  const stop = async () => {
    for (const service of running) await service.dispose();
    await runtime.dispose();
  };
  process.on('SIGTERM', () => {
    stop().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`subgraphs-process: shutdown failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  });
}

main().catch((error: Error) => {
  process.stderr.write(`subgraphs-process: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
