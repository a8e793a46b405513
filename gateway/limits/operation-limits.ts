import type { DocumentNode, FragmentDefinitionNode, GraphQLSchema, SelectionSetNode, OperationDefinitionNode } from 'graphql';
import { Kind, visit, valueFromASTUntyped } from 'graphql';
import type { OptionsOf, OptionSource } from '../../lib/settings';
import type { PerRole } from '../../lib/settings/per-role';
import { largestOf } from '../../lib/settings/per-role';
import type { CostDirectives } from './cost-directives';
import { estimateCost } from './static-cost';
import type { SubgraphBoundaries } from './subgraph-boundaries';

/** Limits checked on every operation before it is planned or executed. */
export const OPERATION_LIMITS = {
  /** Deepest nesting of selections. */
  maxDepth: 'LADING_MAX_DEPTH',
  /** Aliased fields in one operation. */
  maxAliases: 'LADING_MAX_ALIASES',
  /** Directives in one operation. */
  maxDirectives: 'LADING_MAX_DIRECTIVES',
  /** Lexical tokens of the document, enforced while parsing. */
  maxTokens: 'LADING_MAX_TOKENS',
  /** Highest estimated cost of one operation, per role (the per-operation budget). */
  maxCost: 'LADING_MAX_COST',
  /** Items assumed for a list field the schema does not size (no `@listSize`). */
  assumedListSize: 'LADING_COST_LIST_SIZE',
  /**
   * Weight of each item a query carries into another subgraph (an `_entities` representation): the
   * gateway's own work, which no subgraph's `@cost` can declare.
   */
  entityWeight: 'LADING_COST_ENTITY_WEIGHT',
} as const satisfies OptionSource;
export type OperationLimits = Omit<OptionsOf<typeof OPERATION_LIMITS>, 'maxCost'> & { maxCost: PerRole<number> };

/** Within the structural limits, with the estimated cost (gateway/limits/static-cost.ts); the per-role budget is judged later. */
export type LimitCheck = { ok: true; cost: number } | { ok: false; message: string };

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

function countAliasesAndDirectives(document: DocumentNode): { aliases: number; directives: number } {
  let aliases = 0;
  let directives = 0;
  visit(document, {
    Field: (node) => void (node.alias && aliases++),
    Directive: () => void directives++,
  });
  return { aliases, directives };
}

/** The request's variables, completed with the operation's own defaults (`$n: Int = 100`). */
function variablesOf(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  const complete = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (complete[name] === undefined && definition.defaultValue) complete[name] = valueFromASTUntyped(definition.defaultValue, {});
  }
  return complete;
}

/** Nesting depth of a selection set; each fragment's depth is computed once. */
function depthOf(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  memo: Map<string, number>,
  seen: Set<string>,
): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet, fragments, memo, seen) : 0));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, memo, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      if (!memo.has(name)) memo.set(name, depthOf(fragment.selectionSet, fragments, memo, new Set([...seen, name])));
      deepest = Math.max(deepest, memo.get(name) as number);
    }
  }
  return deepest;
}

/**
 * Checks depth, aliases and directives of a parsed operation and estimates its cost from the schema's
 * `@cost`/`@listSize` (static-cost.ts). With the supergraph's `boundaries`, items carried into another
 * subgraph also cost `entityWeight` each. Whether the cost fits the caller's budget is its role's
 * question (use-operation-limits.ts); the estimate stops counting past the largest budget of any role.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  limits: OperationLimits,
  boundaries?: SubgraphBoundaries,
  directives?: CostDirectives,
): LimitCheck {
  const counted = countAliasesAndDirectives(document);
  if (counted.aliases > limits.maxAliases)
    return { ok: false, message: `operation uses ${counted.aliases} aliases; at most ${limits.maxAliases} are allowed` };
  if (counted.directives > limits.maxDirectives)
    return { ok: false, message: `operation uses ${counted.directives} directives; at most ${limits.maxDirectives} are allowed` };
  const fragments = fragmentsOf(document);
  const memo = new Map<string, number>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && depthOf(definition.selectionSet, fragments, memo, new Set()) > limits.maxDepth) {
      return { ok: false, message: `operation is nested more than ${limits.maxDepth} levels deep` };
    }
  }
  let cost = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const estimate = estimateCost(definition, {
      schema,
      fragments,
      variables: variablesOf(definition, variables),
      weights: { directives, assumedListSize: limits.assumedListSize, entityWeight: limits.entityWeight },
      boundaries,
      maxDepth: limits.maxDepth,
      bound: largestOf(limits.maxCost),
    });
    if (!estimate.ok) return estimate;
    cost += estimate.cost;
  }
  return { ok: true, cost };
}
