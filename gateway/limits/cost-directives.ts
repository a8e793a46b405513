import type { ConstDirectiveNode, ConstValueNode, DefinitionNode } from 'graphql';
import { Kind, isTypeDefinitionNode, isTypeExtensionNode, parse } from 'graphql';

/** The cost spec as composition links it into a supergraph (`@apollo/composition`, federation v2.9+). */
const COST_SPEC = 'https://specs.apollo.dev/cost/';

/** `@listSize` of one field (IBM GraphQL cost directives, §8). */
export interface ListSize {
  assumedSize?: number;
  slicingArguments: readonly string[];
  sizedFields: readonly string[];
  requireOneSlicingArgument: boolean;
}

/**
 * The `@cost` weights and `@listSize` sizes subgraph owners declared in their SDL, as composed into the
 * supergraph. Coordinates: `Type` (object, scalar, enum), `Type.field`, `Type.field(argument:)` and
 * `Input.field`. Undefined: nothing declared there, and the spec's default weight applies.
 */
export interface CostDirectives {
  weight(coordinate: string): number | undefined;
  listSize(type: string, field: string): ListSize | undefined;
}

export const NO_COST_DIRECTIVES: CostDirectives = { weight: () => undefined, listSize: () => undefined };

/** The local names of `@cost` and `@listSize`: as imported, else namespaced by the link (`@cost__listSize`). */
function directiveNames(definitions: readonly DefinitionNode[]): { cost: string; listSize: string } | undefined {
  for (const definition of definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      const argument = (name: string) => link.arguments?.find((a) => a.name.value === name)?.value;
      const url = argument('url');
      if (link.name.value !== 'link' || url?.kind !== Kind.STRING || !url.value.startsWith(COST_SPEC)) continue;
      const as = argument('as');
      const feature = as?.kind === Kind.STRING ? as.value : 'cost';
      const imported = new Map<string, string>();
      const imports = argument('import');
      for (const item of imports?.kind === Kind.LIST ? imports.values : []) {
        if (item.kind === Kind.STRING) imported.set(item.value, item.value);
        if (item.kind === Kind.OBJECT) {
          const field = (name: string) => item.fields.find((f) => f.name.value === name)?.value;
          const name = field('name');
          const alias = field('as');
          if (name?.kind === Kind.STRING) imported.set(name.value, alias?.kind === Kind.STRING ? alias.value : name.value);
        }
      }
      const local = (name: string, otherwise: string) => (imported.get(`@${name}`) ?? `@${otherwise}`).slice(1);
      // The directive named like the feature is the feature's own name (`@cost`), imported or not.
      return { cost: local('cost', feature), listSize: local('listSize', `${feature}__listSize`) };
    }
  }
  return undefined;
}

function valueOf(directive: ConstDirectiveNode, name: string): ConstValueNode | undefined {
  return directive.arguments?.find((a) => a.name.value === name)?.value;
}

function strings(value: ConstValueNode | undefined): string[] {
  return value?.kind === Kind.LIST ? value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : [];
}

function listSizeOf(directive: ConstDirectiveNode): ListSize {
  const assumed = valueOf(directive, 'assumedSize');
  const requireOne = valueOf(directive, 'requireOneSlicingArgument');
  return {
    assumedSize: assumed?.kind === Kind.INT ? Number(assumed.value) : undefined,
    slicingArguments: strings(valueOf(directive, 'slicingArguments')),
    sizedFields: strings(valueOf(directive, 'sizedFields')),
    // The spec's default is true.
    requireOneSlicingArgument: requireOne?.kind === Kind.BOOLEAN ? requireOne.value : true,
  };
}

/** Reads the cost directives of a supergraph; one without the cost spec linked declares none. */
export function costDirectives(supergraphSdl: string): CostDirectives {
  const { definitions } = parse(supergraphSdl);
  const names = directiveNames(definitions);
  if (!names) return NO_COST_DIRECTIVES;
  const weights = new Map<string, number>();
  const sizes = new Map<string, ListSize>();
  const read = (coordinate: string, directives: readonly ConstDirectiveNode[] | undefined) => {
    for (const directive of directives ?? []) {
      if (directive.name.value === names.cost) {
        const weight = valueOf(directive, 'weight');
        if (weight?.kind === Kind.INT) weights.set(coordinate, Number(weight.value));
      } else if (directive.name.value === names.listSize) sizes.set(coordinate, listSizeOf(directive));
    }
  };
  for (const definition of definitions) {
    if (!isTypeDefinitionNode(definition) && !isTypeExtensionNode(definition)) continue;
    const type = definition.name.value;
    read(type, definition.directives);
    if (!('fields' in definition)) continue;
    for (const field of definition.fields ?? []) {
      const coordinate = `${type}.${field.name.value}`;
      read(coordinate, field.directives);
      if ('arguments' in field)
        for (const argument of field.arguments ?? []) read(`${coordinate}(${argument.name.value}:)`, argument.directives);
    }
  }
  return {
    weight: (coordinate) => weights.get(coordinate),
    listSize: (type, field) => sizes.get(`${type}.${field}`),
  };
}
