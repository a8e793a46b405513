import path from 'node:path';
import { SubgraphDefinition, SubgraphStartOptions, startSubgraph } from '../../lib/server/subgraph-service';
import { RunningService } from '../../lib/server/subgraph-server';
import { OrdersContext } from './context';
import { ordersHandlers } from './events';
import { createOrdersLoaders } from './loaders';
import { ordersResolvers } from './resolvers';
import { OrdersStore } from './store/orders-store';

export const ordersSubgraph: SubgraphDefinition<OrdersContext> = {
  name: 'orders',
  schemaPath: path.join(__dirname, 'schema.graphql'),
  resolvers: ordersResolvers,
  handlers: () => ordersHandlers,
  context(identity, documents) {
    const store = new OrdersStore(documents);
    return { identity, store, loaders: createOrdersLoaders(store) };
  },
};

export function start(options: SubgraphStartOptions): Promise<RunningService> {
  return startSubgraph(ordersSubgraph, options);
}
