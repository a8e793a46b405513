import path from 'node:path';
import type { Identity } from '../../lib/identity/identity';
import type { Runtime } from '../../lib/runtime/runtime';
import type { SubgraphDefinition, SubgraphStartOptions } from '../../lib/server/subgraph-service';
import { startSubgraph } from '../../lib/server/subgraph-service';
import type { RunningService } from '../../lib/server/subgraph-server';
import { serveSubgraphWs } from '../../lib/server/subgraph-ws';
import type { DocumentStore } from '../../lib/store/document-store';
import type { GovernanceOptions } from '../../lib/governance';
import type { TransportContext } from './context';
import { prefetchTransport, transportHandlers } from './events';
import { createTransportLoaders } from './loaders';
import { transportResolvers } from './resolvers';
import { TransportStore } from './store/transport-store';
import { ShipmentUpdateFeed } from './subscriptions/shipment-update-feed';

function context(identity: Identity | null, documents: DocumentStore, runtime: Runtime, governance: GovernanceOptions): TransportContext {
  const store = new TransportStore(documents);
  return {
    governance,
    identity,
    store,
    loaders: createTransportLoaders(store),
    updates: new ShipmentUpdateFeed(runtime.changes, store),
  };
}

export const transportSubgraph: SubgraphDefinition<TransportContext> = {
  name: 'transport',
  schemaPath: path.join(__dirname, 'schema.graphql'),
  resolvers: transportResolvers,
  // Each change is appended to the `shipments` change stream in the commit that stores it (record-fact.ts).
  handlers: () => transportHandlers(),
  prefetch: prefetchTransport,
  context: (identity, documents, runtime, governance) => context(identity, documents, runtime, governance),
  attach: (server, schema, documents, runtime, trust, governance) =>
    serveSubgraphWs<TransportContext>(server, schema, {
      context: (identity) => context(identity, documents, runtime, governance),
      trust,
    }),
};

export function start(options: SubgraphStartOptions): Promise<RunningService> {
  return startSubgraph(transportSubgraph, options);
}
