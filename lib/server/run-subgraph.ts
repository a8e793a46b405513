import { requireSubgraphSecret } from '../identity/subgraph-secret';
import type { SubgraphName } from '../subgraph-names';
import { runProcess } from './run-process';
import type { RunningService } from './subgraph-server';
import { subgraphOptionsFrom } from './subgraph-options';
import type { SubgraphStartOptions } from './subgraph-service';

/** A subgraph as its own process: its configured port and the secret shared with the gateway. */
export function runSubgraph(name: SubgraphName, start: (options: SubgraphStartOptions) => Promise<RunningService>): void {
  runProcess(name, (config, runtime, logger) =>
    start(subgraphOptionsFrom(config, name, { runtime, logger, subgraphSecret: requireSubgraphSecret(config) })),
  );
}
