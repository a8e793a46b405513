import { defaultConfig } from '../../lib/config';

/** How the gateway treats calls to each subgraph; all set through lib/config.ts. */
export interface SubgraphTraffic {
  /** Per subgraph: a call with no complete answer by then fails with SUBGRAPH_TIMEOUT. */
  timeoutMs: Partial<Record<string, number>>;
  /** For subgraphs without their own timeout (`LADING_SUBGRAPH_TIMEOUT`). */
  defaultTimeoutMs: number;
  /** Consecutive failures or timeouts that open a subgraph's breaker (`LADING_SUBGRAPH_BREAKER_FAILURES`). */
  breakerFailures: number;
  /** How long an open breaker fails fast before one probe (`LADING_SUBGRAPH_BREAKER_COOLDOWN`). */
  breakerCooldownMs: number;
}

/** The defaults of lib/settings, for callers (tests) that give only some options. */
export const DEFAULT_SUBGRAPH_TRAFFIC: SubgraphTraffic = defaultConfig().subgraphTraffic;

export function timeoutOf(traffic: SubgraphTraffic, name: string): number {
  return traffic.timeoutMs[name] ?? traffic.defaultTimeoutMs;
}
