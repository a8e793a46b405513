import type { SubgraphBoundaries } from './subgraph-boundaries';
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  SelectionSetNode,
  GraphQLField,
  GraphQLNamedType,
  OperationDefinitionNode,
} from 'graphql';
import {
  Kind,
  OperationTypeNode,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  visit,
  valueFromASTUntyped,
} from 'graphql';
import type { OptionsOf, OptionSource } from '../../lib/settings';

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
  /** Estimated cost: each field counts once per item its enclosing lists may hold. */
  maxCost: 'LADING_MAX_COST',
  /** Items assumed for a list field that takes no `first`. */
  assumedListSize: 'LADING_COST_LIST_SIZE',
  /**
   * Extra cost of each item a query carries into another subgraph (an `_entities` representation),
   * on top of its fields: measured, a field resolved across a subgraph boundary costs the
   * gateway and the two subgraphs several times a field resolved where its parent was.
   */
  entityWeight: 'LADING_COST_ENTITY_WEIGHT',
} as const satisfies OptionSource;
export type OperationLimits = OptionsOf<typeof OPERATION_LIMITS>;

/** Within the limits, with the estimated cost (field resolutions, each counted once per item its enclosing lists may hold). */
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

/**
 * Size factor of a field: its `first` (as sent, or the argument's schema default: a connection asked
 * without `first` still returns 20), else the assumed size for a list, else 1.
 */
function sizeOf(
  field: FieldNode,
  definition: GraphQLField<unknown, unknown> | undefined,
  variables: Record<string, unknown>,
  assumedListSize: number,
): number {
  const given = field.arguments?.find((a) => a.name.value === 'first');
  const value = given ? valueFromASTUntyped(given.value, variables) : undefined;
  if (typeof value === 'number') return Math.max(1, value);
  const fallback = definition?.args.find((a) => a.name === 'first')?.defaultValue;
  if (typeof fallback === 'number') return Math.max(1, fallback);
  // An unresolvable `first` (an unknown variable) is counted as a list of unknown size.
  if (given) return assumedListSize;
  // A connection's `edges` are already counted by the connection's `first`.
  if (field.name.value === 'edges') return 1;
  const type = definition ? getNullableType(definition.type) : undefined;
  return type && isListType(type) ? assumedListSize : 1;
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

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  limits: OperationLimits;
  boundaries?: SubgraphBoundaries;
  cost: number;
}

/** Where a selection set is resolved: the subgraph, and the boundaries already charged for its items. */
interface Place {
  graph: string | undefined;
  crossed: Set<string>;
}

/**
 * The subgraph that resolves `field` of `type` when its parent is resolved in `place`; the first time a
 * selection set leaves its subgraph for another, each of its items is charged `entityWeight` (one
 * `_entities` representation per item, however many fields are then asked of it).
 */
function resolveIn(state: Walk, place: Place, type: GraphQLNamedType | undefined, field: string, multiplier: number): string | undefined {
  const owners = type && state.boundaries?.ownersOf(type.name, field);
  if (!owners || owners.length === 0) return place.graph;
  const target = place.graph === undefined || owners.includes(place.graph) ? (place.graph ?? owners[0]) : owners[0];
  const cross = (graph: string) => {
    if (place.crossed.has(graph)) return;
    place.crossed.add(graph);
    state.cost += multiplier * state.limits.entityWeight;
  };
  if (place.graph !== undefined && target !== place.graph) cross(target);
  chargeRequires(state, place, type, field, target, cross);
  return target;
}

/**
 * A field with `@requires` costs a trip to each subgraph that resolves what it requires (those the
 * items are not already in), and one back to the field's own subgraph with the answers.
 */
function chargeRequires(
  state: Walk,
  place: Place,
  type: GraphQLNamedType,
  field: string,
  target: string,
  cross: (graph: string) => void,
): void {
  const required = state.boundaries?.requiredBy(type.name, field, target) ?? [];
  const from = new Set(required.flatMap((name) => state.boundaries?.ownersOf(type.name, name) ?? []));
  const elsewhere = [...from].filter((graph) => graph !== place.graph && graph !== target);
  if (elsewhere.length === 0) return;
  elsewhere.forEach(cross);
  cross(`${target} with what it requires`);
}

function walk(
  state: Walk,
  selectionSet: SelectionSetNode,
  type: GraphQLNamedType | undefined,
  multiplier: number,
  depth: number,
  seen: Set<string>,
  place: Place,
): void {
  // Depth was checked first, so this bound only guards against runaway fragment fan-out.
  if (depth > state.limits.maxDepth || state.cost > state.limits.maxCost) return;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const fields = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : undefined;
      const definition = fields?.[selection.name.value];
      const size = sizeOf(selection, definition, state.variables, state.limits.assumedListSize);
      const graph = resolveIn(state, place, type, selection.name.value, multiplier);
      state.cost += multiplier;
      if (selection.selectionSet)
        walk(state, selection.selectionSet, definition ? getNamedType(definition.type) : undefined, multiplier * size, depth + 1, seen, {
          graph,
          crossed: new Set(),
        });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? (state.schema.getType(selection.typeCondition.name.value) ?? undefined) : type;
      walk(state, selection.selectionSet, condition, multiplier, depth, seen, place);
    } else {
      const fragment = state.fragments.get(selection.name.value);
      // A fragment spread inside itself is invalid anyway; never follow a cycle.
      if (!fragment || seen.has(fragment.name.value)) continue;
      walk(
        state,
        fragment.selectionSet,
        state.schema.getType(fragment.typeCondition.name.value) ?? undefined,
        multiplier,
        depth,
        new Set([...seen, fragment.name.value]),
        place,
      );
    }
  }
}

/**
 * Checks depth, aliases, directives and estimated cost of a parsed operation. With the supergraph's
 * `boundaries`, items carried into another subgraph also cost `entityWeight` each.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  limits: OperationLimits,
  boundaries?: SubgraphBoundaries,
): LimitCheck {
  const { aliases, directives } = countAliasesAndDirectives(document);
  if (aliases > limits.maxAliases)
    return { ok: false, message: `operation uses ${aliases} aliases; at most ${limits.maxAliases} are allowed` };
  if (directives > limits.maxDirectives)
    return { ok: false, message: `operation uses ${directives} directives; at most ${limits.maxDirectives} are allowed` };
  const fragments = fragmentsOf(document);
  const memo = new Map<string, number>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && depthOf(definition.selectionSet, fragments, memo, new Set()) > limits.maxDepth) {
      return { ok: false, message: `operation is nested more than ${limits.maxDepth} levels deep` };
    }
  }
  const state: Walk = { schema, fragments, variables, limits, boundaries, cost: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    state.variables = variablesOf(definition, variables);
    const root =
      definition.operation === OperationTypeNode.QUERY
        ? schema.getQueryType()
        : definition.operation === OperationTypeNode.MUTATION
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    walk(state, definition.selectionSet, root ?? undefined, 1, 1, new Set(), { graph: undefined, crossed: new Set() });
  }
  if (state.cost > limits.maxCost)
    return { ok: false, message: `operation's estimated cost exceeds ${limits.maxCost} (lists are counted at their requested size)` };
  return { ok: true, cost: state.cost };
}
