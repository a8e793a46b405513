import path from 'node:path';
import { Identity } from '../../lib/identity/identity';
import { Runtime } from '../../lib/runtime/runtime';
import { SubgraphDefinition, SubgraphStartOptions, startSubgraph } from '../../lib/server/subgraph-service';
import { RunningService } from '../../lib/server/subgraph-server';
import { serveSubgraphWs } from '../../lib/server/subgraph-ws';
import { DocumentStore } from '../../lib/store/document-store';
import { GovernanceOptions } from '../../lib/governance';
import { TransportContext } from './context';
import { EventTracer } from './governance/event-trace';
import { startSlaMonitoring } from './sla/sla-monitoring';
import { transportHandlers } from './events';
import { createTransportLoaders } from './loaders';
import { transportResolvers } from './resolvers';
import { TransportStore } from './store/transport-store';
import { ShipmentUpdateFeed } from './subscriptions/shipment-update-feed';

function context(identity: Identity | null, documents: DocumentStore, runtime: Runtime, governance: GovernanceOptions): TransportContext {
  const store = new TransportStore(documents);
  return {
    tracer: new EventTracer(runtime),
    governance,
    identity,
    store,
    loaders: createTransportLoaders(store),
    pipeline: runtime.pipeline,
    updates: new ShipmentUpdateFeed(runtime.pubsub, store, runtime.pipeline.log),
  };
}

export const transportSubgraph: SubgraphDefinition<TransportContext> = {
  name: 'transport',
  schemaPath: path.join(__dirname, 'schema.graphql'),
  resolvers: transportResolvers,
  // Published only once the projection is stored (afterCommit), so a subscriber never reads ahead of it.
  handlers: (_documents, runtime) =>
    transportHandlers(({ projection, fact }) =>
      runtime.pubsub.publish('shipmentChanged', {
        shipmentId: projection.id,
        customerId: projection.customerId,
        position: fact.position,
        factKey: fact.key,
      }),
    ),
  context,
  background: (documents, runtime, governance, metrics, logger) => startSlaMonitoring({ documents, runtime, governance, metrics, logger }),
  attach: (server, schema, documents, runtime, trust, governance) =>
    serveSubgraphWs<TransportContext>(server, schema, {
      context: (identity) => context(identity, documents, runtime, governance),
      trust,
      connectionInitWaitTimeout: 3000,
    }),
};

export function start(options: SubgraphStartOptions): Promise<RunningService> {
  return startSubgraph(transportSubgraph, options);
}
