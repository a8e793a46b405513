import { loadDemoData } from '../demo/load';
import { requireSubgraphSecret } from '../lib/identity/subgraph-secret';
import { runProcess } from '../lib/server/run-process';
import { loadSupergraphSdl } from '../lib/supergraph/load';
import { SUPERGRAPH_SDL_PATH } from '../lib/supergraph/paths';
import { authenticatorFrom } from './auth/create-authenticator';
import { gatewayLimitsFrom } from './limits/gateway-limits';
import { start } from './server';
import { StartupGate } from '../lib/server/startup-gate';

/** The gateway as its own process, in front of subgraphs at `LADING_<NAME>_URL`. */
runProcess('gateway', async (config, runtime, logger) => {
  const startup = new StartupGate();
  const gateway = await start({
    host: config.host,
    port: config.gatewayPort,
    supergraphSdl: loadSupergraphSdl(SUPERGRAPH_SDL_PATH),
    subgraphUrls: config.subgraphUrls,
    authenticate: authenticatorFrom(config),
    runtime,
    eventsMaxBytes: config.eventsMaxBytes,
    subgraphSecret: requireSubgraphSecret(config),
    limits: gatewayLimitsFrom(config),
    subgraphTraffic: config.subgraphTraffic,
    startup,
    logger,
  });
  // A lone gateway loads demo data only when asked; duplicates make a second load harmless.
  // Not ready until the subgraphs (other processes) have applied it.
  if (config.demoData === true) void startup.track('demo data', loadDemoData(runtime, logger)).catch((error) => logger.error('demo data failed', { error }));
  return gateway;
});
