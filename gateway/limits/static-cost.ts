import type {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import {
  Kind,
  OperationTypeNode,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  valueFromASTUntyped,
} from 'graphql';
import type { CostDirectives, ListSize } from './cost-directives';
import { NO_COST_DIRECTIVES } from './cost-directives';
import type { SubgraphBoundaries } from './subgraph-boundaries';
import { argumentsCost, typeWeight } from './type-weights';

/** What weighs an operation: the schema's directives, and the gateway's own defaults beside them. */
export interface CostWeights {
  directives?: CostDirectives;
  /** Items of a list the schema does not size (no `@listSize`). */
  assumedListSize: number;
  /** Weight of each item carried into another subgraph (an `_entities` representation). */
  entityWeight: number;
}

/** Base cost of an operation by its type, as Apollo's demand control counts it: a mutation's writes cost 10. */
export const OPERATION_COST: Record<OperationTypeNode, number> = {
  [OperationTypeNode.QUERY]: 0,
  [OperationTypeNode.MUTATION]: 10,
  [OperationTypeNode.SUBSCRIPTION]: 0,
};

export interface Estimation {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  weights: CostWeights;
  boundaries?: SubgraphBoundaries;
  maxDepth: number;
  /** Counting stops past it: the operation is over every budget anyway. */
  bound: number;
}

interface Walk extends Estimation {
  directives: CostDirectives;
  cost: number;
  /** A slicing argument's value makes a field unsizable (requireOneSlicingArgument): why. */
  refused?: string;
}

/** Where a selection set is resolved: the subgraph, and the boundaries already charged for its items. */
export interface Place {
  graph: string | undefined;
  crossed: Set<string>;
}

function definitionOf(type: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__typename') return TypeNameMetaFieldDef;
  if (name === '__schema') return SchemaMetaFieldDef;
  if (name === '__type') return TypeMetaFieldDef;
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[name] : undefined;
}

/**
 * The size a `@listSize` gives: the largest slicing argument sent (or defaulted in the schema), else
 * `assumedSize`, else the gateway's assumption. With requireOneSlicingArgument, none or several is refused.
 */
function sliceOf(
  state: Walk,
  coordinate: string,
  listSize: ListSize,
  field: FieldNode,
  definition: GraphQLField<unknown, unknown>,
): number {
  const given: number[] = [];
  for (const name of listSize.slicingArguments) {
    const sent = field.arguments?.find((a) => a.name.value === name);
    // An argument left out, or given a variable the request left out, takes the schema's default (spec §8.2).
    const sentValue = sent ? valueFromASTUntyped(sent.value, state.variables) : undefined;
    const value = sentValue !== undefined ? sentValue : definition.args.find((a) => a.name === name)?.defaultValue;
    if (typeof value === 'number') given.push(Math.max(0, value));
  }
  if (listSize.slicingArguments.length > 0 && listSize.requireOneSlicingArgument && given.length !== 1) {
    state.refused ??= `${coordinate} needs exactly one of ${listSize.slicingArguments.map((a) => `\`${a}\``).join(', ')} to size its list`;
  }
  if (given.length > 0) return Math.max(...given);
  return listSize.assumedSize ?? state.weights.assumedListSize;
}

/**
 * The subgraph that resolves `field` of `type` when its parent is resolved in `place`; the first time a
 * selection set leaves its subgraph for another, each of its items is charged `entityWeight` (one
 * `_entities` representation per item, however many fields are then asked of it).
 */
export function resolveIn(
  state: Pick<Walk, 'boundaries' | 'weights' | 'cost'>,
  place: Place,
  type: GraphQLNamedType | undefined,
  field: string,
  items: number,
): string | undefined {
  const owners = type && state.boundaries?.ownersOf(type.name, field);
  if (!owners || owners.length === 0) return place.graph;
  const target = place.graph === undefined || owners.includes(place.graph) ? (place.graph ?? owners[0]) : owners[0];
  const cross = (graph: string) => {
    if (place.crossed.has(graph)) return;
    place.crossed.add(graph);
    state.cost += items * state.weights.entityWeight;
  };
  if (place.graph !== undefined && target !== place.graph) cross(target);
  // A field with @requires costs a trip to each subgraph that resolves what it requires, and one back.
  const required = state.boundaries?.requiredBy(type.name, field, target) ?? [];
  const from = new Set(required.flatMap((name) => state.boundaries?.ownersOf(type.name, name) ?? []));
  const elsewhere = [...from].filter((graph) => graph !== place.graph && graph !== target);
  if (elsewhere.length > 0) {
    elsewhere.forEach(cross);
    cross(`${target} with what it requires`);
  }
  return target;
}

/** Adds the cost of one field to the walk; its selections are walked once per item it may return. */
function field(
  state: Walk,
  selection: FieldNode,
  parent: GraphQLNamedType | undefined,
  items: number,
  depth: number,
  seen: Set<string>,
  place: Place,
  sized: ReadonlyMap<string, number>,
): void {
  const name = selection.name.value;
  const definition = definitionOf(parent, name);
  const coordinate = `${parent?.name ?? '?'}.${name}`;
  const returned = definition ? getNamedType(definition.type) : undefined;
  const list = definition !== undefined && isListType(getNullableType(definition.type));
  const listSize = parent && definition ? state.directives.listSize(parent.name, name) : undefined;
  const slice = listSize && definition ? sliceOf(state, coordinate, listSize, selection, definition) : undefined;
  // A size given to this field by its parent's sizedFields, else its own @listSize (unless it sizes children), else the default.
  const size = !list
    ? 1
    : (sized.get(name) ?? (slice !== undefined && listSize?.sizedFields.length === 0 ? slice : state.weights.assumedListSize));
  const weight = state.directives.weight(coordinate) ?? (returned ? typeWeight(state.schema, state.directives, returned) : 0);
  const args = definition ? argumentsCost(state.directives, coordinate, definition, selection, state.variables) : 0;
  // One resolution per parent item; what it returns is paid for by its own fields, once per item it may hold.
  // The spec never lets a field cost less than nothing, whatever its arguments take off.
  state.cost += items * Math.max(0, weight + args);
  const graph = resolveIn(state, place, parent, name, items);
  if (!selection.selectionSet) return;
  const children = new Map((listSize?.sizedFields ?? []).map((child) => [child, slice ?? state.weights.assumedListSize]));
  walk(state, selection.selectionSet, returned, items * size, depth + 1, seen, { graph, crossed: new Set() }, children);
}

function walk(
  state: Walk,
  selectionSet: SelectionSetNode,
  type: GraphQLNamedType | undefined,
  items: number,
  depth: number,
  seen: Set<string>,
  place: Place,
  sized: ReadonlyMap<string, number>,
): void {
  // Depth was checked first, so this bound only guards against runaway fragment fan-out.
  if (depth > state.maxDepth || state.cost > state.bound) return;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      field(state, selection, type, items, depth, seen, place, sized);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? (state.schema.getType(selection.typeCondition.name.value) ?? undefined) : type;
      walk(state, selection.selectionSet, condition, items, depth, seen, place, sized);
    } else {
      const fragment = state.fragments.get(selection.name.value);
      // A fragment spread inside itself is invalid anyway; never follow a cycle.
      if (!fragment || seen.has(fragment.name.value)) continue;
      const condition = state.schema.getType(fragment.typeCondition.name.value) ?? undefined;
      walk(state, fragment.selectionSet, condition, items, depth, new Set([...seen, fragment.name.value]), place, sized);
    }
  }
}

/**
 * Static query analysis of the IBM GraphQL cost directives (its field cost): each field costs its `@cost`
 * weight (else its type's: 1 for objects, interfaces and unions, 0 for scalars and enums) plus the weights
 * of the arguments and input fields it is given, never below 0, once per resolution, that is once per item
 * its enclosing lists may hold; lists are sized by `@listSize` (slicing arguments, `sizedFields`,
 * `assumedSize`). Abstract types weigh as their dearest member. A refusal says which field could not be sized.
 */
export function estimateCost(
  operation: OperationDefinitionNode,
  estimation: Estimation,
): { ok: true; cost: number } | { ok: false; message: string } {
  const { schema } = estimation;
  const state: Walk = { ...estimation, directives: estimation.weights.directives ?? NO_COST_DIRECTIVES, cost: 0 };
  const root = schema.getRootType(operation.operation) ?? undefined;
  state.cost += OPERATION_COST[operation.operation];
  walk(state, operation.selectionSet, root, 1, 1, new Set(), { graph: undefined, crossed: new Set() }, new Map());
  if (state.refused) return { ok: false, message: state.refused };
  return { ok: true, cost: state.cost };
}
