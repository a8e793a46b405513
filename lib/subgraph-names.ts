/** The four systems of record, each one subgraph (docs/contract.md §1). */
export const SUBGRAPH_NAMES = ['orders', 'warehouse', 'transport', 'finance'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];
