import path from 'node:path';
import type { SubgraphDefinition, SubgraphStartOptions } from '../../lib/server/subgraph-service';
import { startSubgraph } from '../../lib/server/subgraph-service';
import type { RunningService } from '../../lib/server/subgraph-server';
import type { FinanceContext } from './context';
import { financeHandlers } from './events';
import { createFinanceLoaders } from './loaders';
import { financeResolvers } from './resolvers';
import { FinanceStore } from './store/finance-store';

export const financeSubgraph: SubgraphDefinition<FinanceContext> = {
  name: 'finance',
  schemaPath: path.join(__dirname, 'schema.graphql'),
  resolvers: financeResolvers,
  handlers: () => financeHandlers,
  context(identity, documents) {
    const store = new FinanceStore(documents);
    return { identity, store, loaders: createFinanceLoaders(store) };
  },
};

export function start(options: SubgraphStartOptions): Promise<RunningService> {
  return startSubgraph(financeSubgraph, options);
}
