import type { LadingConfig } from '../config';
import type { SubgraphName } from '../subgraph-names';
import type { StartServices } from './start-services';
import type { SubgraphStartOptions } from './subgraph-service';

/** How a subgraph is started from the configuration: its own process (`runSubgraph`) and `npm start` alike. */
export function subgraphOptionsFrom(config: LadingConfig, name: SubgraphName, services: StartServices): SubgraphStartOptions {
  return {
    ...services,
    host: config.host,
    port: config.subgraphPorts[name],
    signatureMaxSkewMs: config.subgraphSignatureMaxSkewMs,
    webhooks: config.webhooks,
    governance: config.governance,
    accessLog: config.accessLog,
  };
}
