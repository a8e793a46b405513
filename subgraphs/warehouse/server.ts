import path from 'node:path';
import type { SubgraphDefinition, SubgraphStartOptions } from '../../lib/server/subgraph-service';
import { startSubgraph } from '../../lib/server/subgraph-service';
import type { RunningService } from '../../lib/server/subgraph-server';
import type { WarehouseContext } from './context';
import { warehouseHandlers } from './events';
import { createWarehouseLoaders } from './loaders';
import { warehouseResolvers } from './resolvers';
import { WarehouseStore } from './store/warehouse-store';

export const warehouseSubgraph: SubgraphDefinition<WarehouseContext> = {
  name: 'warehouse',
  schemaPath: path.join(__dirname, 'schema.graphql'),
  resolvers: warehouseResolvers,
  handlers: () => warehouseHandlers,
  context(identity, documents) {
    const store = new WarehouseStore(documents);
    return { identity, store, loaders: createWarehouseLoaders(store) };
  },
};

export function start(options: SubgraphStartOptions): Promise<RunningService> {
  return startSubgraph(warehouseSubgraph, options);
}
