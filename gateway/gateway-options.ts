import { LadingConfig } from '../lib/config';
import { StartServices } from '../lib/server/start-services';
import { loadSupergraphSdl } from '../lib/supergraph/load';
import { SUPERGRAPH_SDL_PATH } from '../lib/supergraph/paths';
import { SubgraphName } from '../lib/subgraph-names';
import { authenticatorFrom } from './auth/create-authenticator';
import { gatewayLimitsFrom } from './limits/gateway-limits';
import { GatewayOptions } from './server';

/**
 * How the gateway is started from the configuration: its own process and `npm start` alike.
 * `subgraphUrls` replaces the configured ones when the subgraphs were just started beside it.
 */
export function gatewayOptionsFrom(config: LadingConfig, services: StartServices & { subgraphUrls?: Record<SubgraphName, string> }): GatewayOptions {
  return {
    ...services,
    host: config.host,
    port: config.gatewayPort,
    supergraphSdl: loadSupergraphSdl(SUPERGRAPH_SDL_PATH),
    subgraphUrls: services.subgraphUrls ?? config.subgraphUrls,
    authenticate: authenticatorFrom(config),
    eventsMaxBytes: config.eventsMaxBytes,
    limits: gatewayLimitsFrom(config),
    subgraphTraffic: config.subgraphTraffic,
  };
}
