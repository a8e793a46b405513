import type { ConstDirectiveNode } from 'graphql';
import { Kind, parse } from 'graphql';

/**
 * Which subgraphs resolve each field of the supergraph (`Type.field` → graph names), read from its
 * `@join__field` / `@join__type` directives. The cost estimate uses it to see where a query crosses
 * from one subgraph into another: every item carried across is an `_entities` representation that
 * both the gateway and the other subgraph must serialise, parse and resolve.
 */
export interface SubgraphBoundaries {
  /** Graphs that can resolve `field` of `type`; undefined for a type the supergraph does not join (introspection). */
  ownersOf(type: string, field: string): readonly string[] | undefined;
}

function graphOf(directive: ConstDirectiveNode): string | undefined {
  const graph = directive.arguments?.find((a) => a.name.value === 'graph')?.value;
  const external = directive.arguments?.find((a) => a.name.value === 'external')?.value;
  // An @external field is only referenced by that graph, never resolved there.
  if (external?.kind === Kind.BOOLEAN && external.value) return undefined;
  return graph?.kind === Kind.ENUM ? graph.value : undefined;
}

function graphsOf(directives: readonly ConstDirectiveNode[] | undefined, name: string): string[] {
  return (directives ?? [])
    .filter((d) => d.name.value === name)
    .map(graphOf)
    .filter((g): g is string => g !== undefined);
}

export function subgraphBoundaries(supergraphSdl: string): SubgraphBoundaries {
  const owners = new Map<string, string[]>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const typeGraphs = graphsOf(definition.directives, 'join__type');
    for (const field of definition.fields ?? []) {
      const fieldGraphs = graphsOf(field.directives, 'join__field');
      // Without @join__field, every graph that defines the type resolves the field (a @shareable or value type).
      owners.set(`${definition.name.value}.${field.name.value}`, fieldGraphs.length > 0 ? fieldGraphs : typeGraphs);
    }
  }
  return { ownersOf: (type, field) => owners.get(`${type}.${field}`) };
}
