import { DocumentNode, GraphQLSchema } from 'graphql';
import { LimitCheck, OperationLimits, checkOperationLimits } from '../limits/operation-limits';
import { SubgraphBoundaries } from '../limits/subgraph-boundaries';

/** An operation's estimated cost, or why it is over the limits. */
export type CostEstimate = (document: DocumentNode, variables: Record<string, unknown>) => LimitCheck;

/** The operation limits of gateway/limits/operation-limits.ts as the pipeline's one estimate; `boundaries` weigh items carried across subgraphs. */
export function costEstimate(schema: GraphQLSchema, limits: OperationLimits, boundaries?: SubgraphBoundaries): CostEstimate {
  return (document, variables) => checkOperationLimits(schema, document, variables, limits, boundaries);
}
