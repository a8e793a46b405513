import { ApolloGateway } from '@apollo/gateway';
import type { Metrics } from '../../lib/server/metrics';
import { SubgraphDataSource } from './subgraph-data-source';
import type { SubgraphTraffic } from './subgraph-traffic';
import { subgraphTrafficFrom } from '../../lib/config';
import { timeoutOf } from './subgraph-traffic';

/** By subgraph name: Lading's four, or those of any supergraph (LADING_SUPERGRAPH_PATH). */
export type SubgraphDataSources = Record<string, SubgraphDataSource>;

/** One data source per subgraph (pool, timeout, breaker), shared by HTTP execution and subscription execution. */
export function createDataSources(
  urls: Record<string, string>,
  metrics: Metrics,
  subgraphSecret: string,
  traffic: SubgraphTraffic = subgraphTrafficFrom(),
): SubgraphDataSources {
  const entries = Object.entries(urls).map(([name, url]) => [
    name,
    new SubgraphDataSource({
      name,
      url,
      metrics,
      subgraphSecret,
      timeoutMs: timeoutOf(traffic, name),
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

/** @apollo/gateway over the supergraph, with telemetry to Apollo switched off (its OpenTelemetry spans go where Lading's do). */
export function createFederatedGateway(supergraphSdl: string, dataSources: SubgraphDataSources): ApolloGateway {
  // @apollo/gateway reports anonymous usage unless this is set before construction; Lading never phones home.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  return new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const source = dataSources[name];
      if (!source) throw new Error(`the supergraph names subgraph ${name}, which the gateway has no URL for`);
      return source;
    },
  });
}
