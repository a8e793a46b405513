import type { LadingConfig } from '../lib/config';
import { requireSubgraphSecret, resolveSubgraphSecret } from '../lib/identity/subgraph-secret';
import type { Logger } from '../lib/logger';
import type { Runtime } from '../lib/runtime/runtime';
import { runProcess } from '../lib/server/run-process';
import { StartupGate } from '../lib/server/startup-gate';
import { supergraphFrom } from './federation/supergraph-source';
import { gatewayOptionsFrom } from './gateway-options';
import { start } from './server';

/** Start-up work a process entry adds to the gateway (e.g. demo data): readiness waits for it; null for none. */
export interface GatewayStartupWork {
  name: string;
  run(config: LadingConfig, runtime: Runtime, logger: Logger): Promise<unknown> | null;
}

/**
 * The gateway as its own process, in front of subgraphs at `LADING_<NAME>_URL` (or any supergraph's, docs/any-supergraph.md). The production entry
 * (gateway/index.ts) passes no work; stack/gateway-with-demo-data.ts passes the demo data, so the
 * gateway's code never imports it.
 */
export function runGateway(work?: GatewayStartupWork): void {
  runProcess('gateway', async (config, runtime, logger) => {
    const startup = new StartupGate();
    const supergraph = supergraphFrom(config);
    // Another supergraph's subgraphs do not check Lading's signature, so a made-up secret is as good.
    const subgraphSecret = supergraph.own ? requireSubgraphSecret(config) : resolveSubgraphSecret(config, logger);
    const gateway = await start(gatewayOptionsFrom(config, { runtime, logger, subgraphSecret, startup }, supergraph));
    if (!work && config.demoData === true)
      logger.warn('LADING_DEMO_DATA=true is ignored by gateway/index.ts; stack/gateway-with-demo-data.ts loads the demo data');
    const running = work?.run(config, runtime, logger);
    // Not ready until the work is done (demo data: applied by the subgraphs, other processes); a failure keeps it unready.
    if (work && running) void startup.track(work.name, running).catch((error: unknown) => logger.error(`${work.name} failed`, { error }));
    return gateway;
  });
}
