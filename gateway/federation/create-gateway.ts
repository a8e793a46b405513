import { ApolloGateway } from '@apollo/gateway';
import { Metrics } from '../../lib/server/metrics';
import { SubgraphName } from '../../lib/subgraph-names';
import { SubgraphDataSource } from './subgraph-data-source';
import { DEFAULT_SUBGRAPH_TRAFFIC, SubgraphTraffic, timeoutOf } from './subgraph-traffic';

export type SubgraphDataSources = Record<SubgraphName, SubgraphDataSource>;

/** One data source per subgraph (pool, timeout, breaker), shared by HTTP execution and subscription execution. */
export function createDataSources(
  urls: Record<SubgraphName, string>,
  metrics: Metrics,
  subgraphSecret: string,
  traffic: SubgraphTraffic = DEFAULT_SUBGRAPH_TRAFFIC,
): SubgraphDataSources {
  const entries = Object.entries(urls).map(([name, url]) => [
    name,
    new SubgraphDataSource({
      name,
      url,
      metrics,
      subgraphSecret,
      timeoutMs: timeoutOf(traffic, name as SubgraphName),
      breakerFailures: traffic.breakerFailures,
      breakerCooldownMs: traffic.breakerCooldownMs,
    }),
  ]);
  return Object.fromEntries(entries) as SubgraphDataSources;
}

/** Closes every data source's sockets. */
export async function disposeDataSources(sources: SubgraphDataSources): Promise<void> {
  await Promise.all(Object.values(sources).map((source) => source.dispose()));
}

/** @apollo/gateway over the committed supergraph, with telemetry to Apollo switched off. */
export function createFederatedGateway(supergraphSdl: string, dataSources: SubgraphDataSources): ApolloGateway {
  // @apollo/gateway reports anonymous usage unless this is set before construction; Lading never phones home.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  return new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const source = dataSources[name as SubgraphName];
      if (!source) throw new Error(`the supergraph names subgraph ${name}, which Lading does not run`);
      return source;
    },
  });
}
