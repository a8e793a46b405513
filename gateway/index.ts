import { loadDemoData } from '../demo/load';
import { requireSubgraphSecret, resolveSubgraphSecret } from '../lib/identity/subgraph-secret';
import { runProcess } from '../lib/server/run-process';
import { supergraphFrom } from './federation/supergraph-source';
import { StartupGate } from '../lib/server/startup-gate';
import { gatewayOptionsFrom } from './gateway-options';
import { start } from './server';

/** The gateway as its own process, in front of subgraphs at `LADING_<NAME>_URL` (or any supergraph's, docs/any-supergraph.md). */
runProcess('gateway', async (config, runtime, logger) => {
  const startup = new StartupGate();
  const supergraph = supergraphFrom(config);
  // Another supergraph's subgraphs do not check Lading's signature, so a made-up secret is as good.
  const subgraphSecret = supergraph.own ? requireSubgraphSecret(config) : resolveSubgraphSecret(config, logger);
  const gateway = await start(gatewayOptionsFrom(config, { runtime, logger, subgraphSecret, startup }, supergraph));
  // A lone gateway loads demo data only when asked; duplicates make a second load harmless.
  // Not ready until the subgraphs (other processes) have applied it.
  if (config.demoData === true) void startup.track('demo data', loadDemoData(runtime, logger)).catch((error) => logger.error('demo data failed', { error }));
  return gateway;
});
