/** How the gateway treats calls to each subgraph; all set through lib/config.ts. */
export interface SubgraphTraffic {
  /** Per subgraph: a call with no complete answer by then fails with SUBGRAPH_TIMEOUT. */
  timeoutMs: Partial<Record<string, number>>;
  /** For subgraphs without their own timeout (`LADING_SUBGRAPH_TIMEOUT`, default 5 s). */
  defaultTimeoutMs: number;
  /** Consecutive failures or timeouts that open a subgraph's breaker (`LADING_SUBGRAPH_BREAKER_FAILURES`, default 5). */
  breakerFailures: number;
  /** How long an open breaker fails fast before one probe (`LADING_SUBGRAPH_BREAKER_COOLDOWN`, default 2 s). */
  breakerCooldownMs: number;
}

export const DEFAULT_SUBGRAPH_TRAFFIC: SubgraphTraffic = {
  timeoutMs: {},
  defaultTimeoutMs: 5000,
  breakerFailures: 5,
  breakerCooldownMs: 2000,
};

export function timeoutOf(traffic: SubgraphTraffic, name: string): number {
  return traffic.timeoutMs[name] ?? traffic.defaultTimeoutMs;
}
