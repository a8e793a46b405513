import type { ArgumentNode, FieldNode, GraphQLField, GraphQLInputType, GraphQLNamedType, GraphQLSchema } from 'graphql';
import { getNamedType, isAbstractType, isCompositeType, isInputObjectType, valueFromASTUntyped } from 'graphql';
import type { CostDirectives } from './cost-directives';

/**
 * The weight of one value of `type` (IBM cost spec §7.1): its `@cost`, else 1 for objects and 0 for
 * scalars and enums. `@cost` may not sit on an interface or union, so one weighs as its dearest member.
 */
export function typeWeight(schema: GraphQLSchema, directives: CostDirectives, type: GraphQLNamedType): number {
  if (isAbstractType(type)) return Math.max(1, ...schema.getPossibleTypes(type).map((member) => directives.weight(member.name) ?? 1));
  return directives.weight(type.name) ?? (isCompositeType(type) ? 1 : 0);
}

/** The weights of the input fields an input value sets, recursively (`@cost` on `Input.field`). */
function inputCost(directives: CostDirectives, type: GraphQLInputType, value: unknown): number {
  const named = getNamedType(type);
  if (!isInputObjectType(named) || value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + inputCost(directives, type, item), 0);
  let cost = 0;
  for (const [name, field] of Object.entries(named.getFields())) {
    const set = (value as Record<string, unknown>)[name];
    if (set === undefined) continue;
    cost += (directives.weight(`${named.name}.${name}`) ?? 0) + inputCost(directives, field.type, set);
  }
  return cost;
}

/**
 * What the arguments a field is given add to it (spec §5.3.2.2): each argument's `@cost` and that of the
 * input fields it sets. May be negative (an argument that makes the resolver's work cheaper).
 */
export function argumentsCost(
  directives: CostDirectives,
  coordinate: string,
  definition: GraphQLField<unknown, unknown>,
  field: FieldNode,
  variables: Record<string, unknown>,
): number {
  let cost = 0;
  for (const argument of field.arguments ?? ([] as readonly ArgumentNode[])) {
    const declared = definition.args.find((a) => a.name === argument.name.value);
    if (!declared) continue;
    const value = valueFromASTUntyped(argument.value, variables);
    if (value === undefined) continue;
    cost += (directives.weight(`${coordinate}(${declared.name}:)`) ?? 0) + inputCost(directives, declared.type, value);
  }
  return cost;
}
