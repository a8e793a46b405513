import type { FieldNode, GraphQLNamedType, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { Kind, getNamedType, isAbstractType, isInterfaceType, isObjectType } from 'graphql';
import { NO_COST_DIRECTIVES } from './cost-directives';
import type { Estimation, Place } from './static-cost';
import { OPERATION_COST, resolveIn } from './static-cost';
import { argumentsCost, typeWeight } from './type-weights';

type Data = Record<string, unknown>;

interface Measure extends Omit<Estimation, 'maxDepth' | 'bound'> {
  cost: number;
}

/** The concrete type of an object in the response when it says (`__typename`), else the declared one. */
function runtimeType(measure: Measure, declared: GraphQLNamedType | undefined, value: Data): GraphQLNamedType | undefined {
  if (!declared || !isAbstractType(declared)) return declared;
  const named = typeof value.__typename === 'string' ? measure.schema.getType(value.__typename) : undefined;
  return named ?? declared;
}

/** Whether a fragment's condition holds for an object of `type`. */
function applies(measure: Measure, condition: string | undefined, type: GraphQLNamedType | undefined): boolean {
  if (!condition || !type || condition === type.name) return true;
  const named = measure.schema.getType(condition);
  if (!named || !isAbstractType(named)) return false;
  return isObjectType(type) ? measure.schema.isSubType(named, type) : true;
}

function items(value: unknown): Data[] {
  if (Array.isArray(value)) return value.flatMap(items);
  return value !== null && typeof value === 'object' ? [value as Data] : [];
}

function measureField(measure: Measure, selection: FieldNode, type: GraphQLNamedType | undefined, object: Data, place: Place): void {
  const key = selection.alias?.value ?? selection.name.value;
  if (!(key in object) || !type || !(isObjectType(type) || isInterfaceType(type))) return;
  const name = selection.name.value;
  const definition = type.getFields()[name];
  if (!definition) return;
  const coordinate = `${type.name}.${name}`;
  const directives = measure.weights.directives ?? NO_COST_DIRECTIVES;
  const returned = getNamedType(definition.type);
  const weight = directives.weight(coordinate) ?? typeWeight(measure.schema, directives, returned);
  measure.cost += Math.max(0, weight + argumentsCost(directives, coordinate, definition, selection, measure.variables));
  // An object carried into another subgraph: one `_entities` representation, as the estimate counts it.
  const graph = resolveIn(measure, place, type, name, 1);
  if (selection.selectionSet)
    for (const item of items(object[key])) measureObject(measure, selection.selectionSet, returned, item, { graph, crossed: new Set() });
}

function measureObject(
  measure: Measure,
  selectionSet: SelectionSetNode,
  declared: GraphQLNamedType | undefined,
  object: Data,
  place: Place,
): void {
  const type = runtimeType(measure, declared, object);
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) measureField(measure, selection, type, object, place);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(measure, selection.typeCondition?.name.value, type)) measureObject(measure, selection.selectionSet, type, object, place);
    } else {
      const fragment = measure.fragments.get(selection.name.value);
      if (fragment && applies(measure, fragment.typeCondition.name.value, type))
        measureObject(measure, fragment.selectionSet, type, object, place);
    }
  }
}

/**
 * The cost an operation actually had (the IBM spec's query response analysis): the same weights as the
 * estimate, counted over the objects the response holds instead of the sizes lists might have. A field
 * the response lacks (an error, a skipped field) cost nothing.
 */
export function actualCost(operation: OperationDefinitionNode, measurement: Omit<Estimation, 'maxDepth' | 'bound'>, data: unknown): number {
  const measure: Measure = { ...measurement, cost: OPERATION_COST[operation.operation] };
  const root = measurement.schema.getRootType(operation.operation) ?? undefined;
  for (const object of items(data)) measureObject(measure, operation.selectionSet, root, object, { graph: undefined, crossed: new Set() });
  return measure.cost;
}
