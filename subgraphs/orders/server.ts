import path from 'node:path';
import type { SubgraphDefinition, SubgraphStartOptions } from '../../lib/server/subgraph-service';
import { startSubgraph } from '../../lib/server/subgraph-service';
import type { RunningService } from '../../lib/server/subgraph-server';
import type { OrdersContext } from './context';
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
