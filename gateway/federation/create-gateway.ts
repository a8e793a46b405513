import { ApolloGateway } from '@apollo/gateway';
import { Metrics } from '../../lib/server/metrics';
import { SubgraphName } from '../../lib/subgraph-names';
import { SubgraphDataSource } from './subgraph-data-source';

export interface GatewayFederationOptions {
  supergraphSdl: string;
  /** Where each subgraph is reached; overrides the routing URLs of the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  metrics: Metrics;
}

/** @apollo/gateway over the committed supergraph, with telemetry to Apollo switched off. */
export function createFederatedGateway(options: GatewayFederationOptions): ApolloGateway {
  // @apollo/gateway reports anonymous usage unless this is set before construction; Lading never phones home.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  return new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls[name as SubgraphName] ?? url;
      if (!target) throw new Error(`no URL for subgraph ${name}`);
      return new SubgraphDataSource(name, target, options.metrics);
    },
  });
}
