import type { DocumentNode, GraphQLSchema } from 'graphql';
import { Kind } from 'graphql';
import type { LimitCheck, OperationLimits } from '../limits/operation-limits';
import { checkOperationLimits } from '../limits/operation-limits';
import type { CostDirectives } from '../limits/cost-directives';
import type { SubgraphBoundaries } from '../limits/subgraph-boundaries';

/** An operation's estimated cost, or why it is over the limits. */
export type CostEstimate = (document: DocumentNode, variables: Record<string, unknown>) => LimitCheck;

function usesVariables(document: DocumentNode): boolean {
  return document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && (d.variableDefinitions?.length ?? 0) > 0);
}

/**
 * The operation limits of gateway/limits/operation-limits.ts as the pipeline's one estimate: the
 * supergraph's `@cost`/`@listSize` weigh fields and lists, `boundaries` items carried across subgraphs. A document without variables always weighs the same, and the
 * document cache hands out the same parsed document for the same text, so its estimate is kept beside
 * it: a client repeating one heavy query (often into a 429) is not re-walked every time.
 */
export function costEstimate(
  schema: GraphQLSchema,
  limits: OperationLimits,
  boundaries?: SubgraphBoundaries,
  directives?: CostDirectives,
): CostEstimate {
  const known = new WeakMap<DocumentNode, LimitCheck>();
  return (document, variables) => {
    const cached = known.get(document);
    if (cached) return cached;
    const result = checkOperationLimits(schema, document, variables, limits, boundaries, directives);
    if (!usesVariables(document)) known.set(document, result);
    return result;
  };
}
