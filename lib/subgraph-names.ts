/** The four systems of record, each one subgraph (CONTRACT §1). */
export const SUBGRAPH_NAMES = ['orders', 'warehouse', 'transport', 'finance'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_PORTS: Record<SubgraphName | 'gateway', number> = {
  gateway: 4000,
  orders: 4001,
  warehouse: 4002,
  transport: 4003,
  finance: 4004,
};
