import { authenticatorFrom } from '../gateway/auth/create-authenticator';
import { gatewayLimitsFrom } from '../gateway/limits/gateway-limits';
import { loadDemoData } from '../demo/load';
import { resolveSubgraphSecret } from '../lib/identity/subgraph-secret';
import { runProcess } from '../lib/server/run-process';
import { loadSupergraphSdl } from '../lib/supergraph/load';
import { SUPERGRAPH_SDL_PATH } from '../lib/supergraph/paths';
import { startupBanner } from '../stack/print-banner';
import { startStack } from '../stack/start-stack';

/** `npm start`: the whole layer in one process, with embedded defaults and demo data. */
runProcess('lading', async (config, runtime, logger) => {
  const started = Date.now();
  const stack = await startStack({
    runtime,
    logger,
    host: config.host,
    gatewayPort: config.gatewayPort,
    subgraphPorts: config.subgraphPorts,
    supergraphSdl: loadSupergraphSdl(SUPERGRAPH_SDL_PATH),
    authenticate: authenticatorFrom(config),
    eventsMaxBytes: config.eventsMaxBytes,
    subgraphSecret: resolveSubgraphSecret(config, logger),
    signatureMaxSkewMs: config.subgraphSignatureMaxSkewMs,
    limits: gatewayLimitsFrom(config),
    webhooks: config.webhooks,
  });
  const stats = config.demoData === false ? 'no demo data (LADING_DEMO_DATA=false)' : await loadDemoData(runtime, logger);
  process.stdout.write(await startupBanner(stack.gateway.url, config, `${stats}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s`));
  return stack;
});
