import path from 'node:path';
import { SubgraphDefinition, SubgraphStartOptions, startSubgraph } from '../../lib/server/subgraph-service';
import { RunningService } from '../../lib/server/subgraph-server';
import { TransportContext } from './context';
import { transportHandlers } from './events';
import { createTransportLoaders } from './loaders';
import { transportResolvers } from './resolvers';
import { TransportStore } from './store/transport-store';

export const transportSubgraph: SubgraphDefinition<TransportContext> = {
  name: 'transport',
  schemaPath: path.join(__dirname, 'schema.graphql'),
  resolvers: transportResolvers,
  handlers: () => transportHandlers(async () => undefined),
  context(identity, documents, runtime) {
    const store = new TransportStore(documents);
    return { identity, store, loaders: createTransportLoaders(store), pipeline: runtime.pipeline };
  },
};

export function start(options: SubgraphStartOptions): Promise<RunningService> {
  return startSubgraph(transportSubgraph, options);
}
