import type { LadingConfig } from '../lib/config';
import type { StartServices } from '../lib/server/start-services';
import { apiSchemaOf } from '../lib/supergraph/api-schema';
import { authenticatorFrom } from './auth/create-authenticator';
import type { SupergraphSource } from './federation/supergraph-source';
import { supergraphFrom } from './federation/supergraph-source';
import { gatewayLimitsFrom } from './limits/gateway-limits';
import { trustedDocumentsFrom } from './pipeline';
import type { GatewayOptions } from './server';

/**
 * How the gateway is started from the configuration: its own process and `npm start` alike.
 * `subgraphUrls` replaces the configured ones when the subgraphs were just started beside it.
 */
export function gatewayOptionsFrom(
  config: LadingConfig,
  services: StartServices & { subgraphUrls?: Record<string, string> },
  supergraph: SupergraphSource = supergraphFrom(config),
): GatewayOptions {
  return {
    ...services,
    host: config.host,
    port: config.gatewayPort,
    supergraphSdl: supergraph.supergraphSdl,
    subgraphUrls: services.subgraphUrls ?? supergraph.subgraphUrls,
    subgraphReadiness: supergraph.own,
    authenticate: authenticatorFrom(config),
    eventsMaxBytes: config.eventsMaxBytes,
    limits: gatewayLimitsFrom(config),
    subgraphTraffic: config.subgraphTraffic,
    // Checked before anything listens: a manifest that does not run against this graph stops the start.
    trustedDocuments: trustedDocumentsFrom(config.trustedDocuments, () => apiSchemaOf(supergraph.supergraphSdl)),
    errorPolicy: config.errorPolicy,
    accessLog: config.accessLog,
  };
}
