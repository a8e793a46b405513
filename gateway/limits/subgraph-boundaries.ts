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
  /**
   * For a field with `@requires` in `graph`: the fields of its type it requires (top level only). The
   * planner fetches them from their own subgraphs first, then comes back to `graph` with them.
   */
  requiredBy(type: string, field: string, graph: string): readonly string[];
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

/** The top-level fields of a `requires` field set, e.g. `a { x } b` → a, b. */
function topLevelFields(fieldSet: string): string[] {
  const [operation] = parse(`{ ${fieldSet} }`).definitions;
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return [];
  return operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}

function requiresOf(directives: readonly ConstDirectiveNode[] | undefined): Map<string, string[]> {
  const required = new Map<string, string[]>();
  for (const directive of directives ?? []) {
    if (directive.name.value !== 'join__field') continue;
    const graph = graphOf(directive);
    const requires = directive.arguments?.find((a) => a.name.value === 'requires')?.value;
    if (graph && requires?.kind === Kind.STRING) required.set(graph, topLevelFields(requires.value));
  }
  return required;
}

export function subgraphBoundaries(supergraphSdl: string): SubgraphBoundaries {
  const owners = new Map<string, string[]>();
  const requires = new Map<string, Map<string, string[]>>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const typeGraphs = graphsOf(definition.directives, 'join__type');
    for (const field of definition.fields ?? []) {
      const key = `${definition.name.value}.${field.name.value}`;
      const fieldGraphs = graphsOf(field.directives, 'join__field');
      // Without @join__field, every graph that defines the type resolves the field (a @shareable or value type).
      owners.set(key, fieldGraphs.length > 0 ? fieldGraphs : typeGraphs);
      const required = requiresOf(field.directives);
      if (required.size > 0) requires.set(key, required);
    }
  }
  return {
    ownersOf: (type, field) => owners.get(`${type}.${field}`),
    requiredBy: (type, field, graph) => requires.get(`${type}.${field}`)?.get(graph) ?? [],
  };
}
