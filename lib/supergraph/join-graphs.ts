import { Kind, parse } from 'graphql';

/** One subgraph a supergraph names: its `@join__graph(name:, url:)` on the `join__Graph` enum. */
export interface JoinGraph {
  name: string;
  /** Empty when the supergraph was composed without routing URLs. */
  url: string;
}

/** The subgraphs of a composed supergraph, in the order it lists them. */
export function joinGraphsOf(supergraphSdl: string): JoinGraph[] {
  const graphs: JoinGraph[] = [];
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const directive = value.directives?.find((d) => d.name.value === 'join__graph');
      const argument = (name: string) => directive?.arguments?.find((a) => a.name.value === name)?.value;
      const name = argument('name');
      const url = argument('url');
      graphs.push({
        name: name?.kind === Kind.STRING ? name.value : value.name.value.toLowerCase(),
        url: url?.kind === Kind.STRING ? url.value : '',
      });
    }
  }
  return graphs;
}

/** The `<NAME>` of a subgraph's `LADING_<NAME>_URL` setting: upper case, anything but letters and digits as `_`. */
export function urlSettingName(subgraph: string): string {
  return subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
