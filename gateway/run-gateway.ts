import { LadingConfig } from '../lib/config';
import { requireSubgraphSecret } from '../lib/identity/subgraph-secret';
import { Logger } from '../lib/logger';
import { Runtime } from '../lib/runtime/runtime';
import { runProcess } from '../lib/server/run-process';
import { StartupGate } from '../lib/server/startup-gate';
import { loadSupergraphSdl } from '../lib/supergraph/load';
import { SUPERGRAPH_SDL_PATH } from '../lib/supergraph/paths';
import { authenticatorFrom } from './auth/create-authenticator';
import { gatewayLimitsFrom } from './limits/gateway-limits';
import { start } from './server';

/** Start-up work a process entry adds to the gateway (e.g. demo data): readiness waits for it; null for none. */
export interface GatewayStartupWork {
  name: string;
  run(config: LadingConfig, runtime: Runtime, logger: Logger): Promise<unknown> | null;
}

/**
 * The gateway as its own process, in front of subgraphs at `LADING_<NAME>_URL`. The production entry
 * (gateway/index.ts) passes no work; stack/gateway-with-demo-data.ts passes the demo data, so the
 * gateway's code never imports it.
 */
export function runGateway(work?: GatewayStartupWork): void {
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
    if (!work && config.demoData === true)
      logger.warn('LADING_DEMO_DATA=true is ignored by gateway/index.ts; stack/gateway-with-demo-data.ts loads the demo data');
    const running = work?.run(config, runtime, logger);
    // Not ready until the work is done (demo data: applied by the subgraphs, other processes); a failure keeps it unready.
    if (work && running) void startup.track(work.name, running).catch((error: unknown) => logger.error(`${work.name} failed`, { error }));
    return gateway;
  });
}
