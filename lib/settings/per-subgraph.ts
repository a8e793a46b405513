import type { SubgraphName } from '../subgraph-names';
import { SUBGRAPH_NAMES } from '../subgraph-names';
import type { Setting } from './setting';

export type SubgraphSettingName<Suffix extends string> = `LADING_${Uppercase<SubgraphName>}_${Suffix}`;

/** The name of one subgraph's setting, e.g. `LADING_ORDERS_PORT`. */
export function subgraphSettingName<Suffix extends string>(name: SubgraphName, suffix: Suffix): SubgraphSettingName<Suffix> {
  return `LADING_${name.toUpperCase() as Uppercase<SubgraphName>}_${suffix}`;
}

/** One setting per subgraph, `LADING_<NAME>_<SUFFIX>`, in the order of SUBGRAPH_NAMES. */
export function perSubgraph<Suffix extends string, V>(
  suffix: Suffix,
  make: (name: SubgraphName) => Setting<V>,
): Record<SubgraphSettingName<Suffix>, Setting<V>> {
  return Object.fromEntries(SUBGRAPH_NAMES.map((name) => [subgraphSettingName(name, suffix), make(name)])) as Record<
    SubgraphSettingName<Suffix>,
    Setting<V>
  >;
}
