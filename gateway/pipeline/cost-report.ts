import type { FragmentDefinitionNode, DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { Kind } from 'graphql';
import { actualCost } from '../limits/actual-cost';
import type { CostDirectives } from '../limits/cost-directives';
import type { OperationLimits } from '../limits/operation-limits';
import type { SubgraphBoundaries } from '../limits/subgraph-boundaries';

/** What `extensions.cost` of a response says when the request asked for it (`"extensions": { "cost": true }`). */
export interface CostExtension {
  /** The static estimate the budgets judged before execution. */
  estimated: number;
  /** The same weights counted over what the response holds. */
  actual: number;
}

/** Measures the actual cost of an executed operation from its result data. */
export type CostMeasure = (
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  data: unknown,
) => number;

/** Whether a request asks for its cost: `extensions.cost` set to true, on any transport. */
export function asksForCost(extensions: unknown): boolean {
  return typeof extensions === 'object' && extensions !== null && (extensions as Record<string, unknown>).cost === true;
}

/** The actual cost with the weights the estimate uses (gateway/limits/actual-cost.ts). */
export function costMeasure(
  schema: GraphQLSchema,
  limits: OperationLimits,
  boundaries?: SubgraphBoundaries,
  directives?: CostDirectives,
): CostMeasure {
  return (document, operation, variables, data) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const weights = { directives, assumedListSize: limits.assumedListSize, entityWeight: limits.entityWeight };
    return actualCost(operation, { schema, fragments, variables, weights, boundaries }, data);
  };
}
