import path from 'node:path';
import type { SubgraphDefinition, SubgraphStartOptions } from '../../lib/server/subgraph-service';
import { startSubgraph } from '../../lib/server/subgraph-service';
import type { RunningService } from '../../lib/server/subgraph-server';
import type { GovernanceContext } from './context';
import { governanceResolvers } from './resolvers';

/** Lading's integration layer as a subgraph: it applies no canonical event, so it runs no log consumer of its own. */
export const governanceSubgraph: SubgraphDefinition<GovernanceContext> = {
  name: 'governance',
  schemaPath: path.join(__dirname, 'schema.graphql'),
  resolvers: governanceResolvers,
  context: (identity, _documents, runtime) => ({ identity, pipeline: runtime.pipeline }),
};

export function start(options: SubgraphStartOptions): Promise<RunningService> {
  return startSubgraph(governanceSubgraph, options);
}
