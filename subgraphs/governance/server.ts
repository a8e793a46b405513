import DataLoader from 'dataloader';
import path from 'node:path';
import type { EventPipeline } from '../../lib/events/pipeline';
import { eventKey } from '../../lib/events/types';
import type { Identity } from '../../lib/identity/identity';
import type { SubgraphDefinition, SubgraphStartOptions } from '../../lib/server/subgraph-service';
import { startSubgraph } from '../../lib/server/subgraph-service';
import type { RunningService } from '../../lib/server/subgraph-server';
import type { GovernanceContext } from './context';
import { governanceResolvers } from './resolvers';
import { EventTracer } from './traces/event-trace';

function context(identity: Identity | null, pipeline: EventPipeline): GovernanceContext {
  const tracer = new EventTracer(pipeline);
  return { identity, pipeline, tracer, traces: new DataLoader((refs) => tracer.traceMany(refs), { cacheKeyFn: eventKey }) };
}

/** Lading's integration layer as a subgraph: it applies no canonical event, so it runs no log consumer of its own. */
export const governanceSubgraph: SubgraphDefinition<GovernanceContext> = {
  name: 'governance',
  schemaPath: path.join(__dirname, 'schema.graphql'),
  resolvers: governanceResolvers,
  context: (identity, _documents, runtime) => context(identity, runtime.pipeline),
};

export function start(options: SubgraphStartOptions): Promise<RunningService> {
  return startSubgraph(governanceSubgraph, options);
}
