import type { ReadinessChecks } from '../../lib/server/health';

/** Under the gateway's own 2 s check timeout (lib/server/health.ts), so a slow subgraph is reported by name. */
const SUBGRAPH_CHECK_TIMEOUT_MS = 1500;

/** The gateway is ready only when every subgraph says it is (docs/contract.md §9). */
export function subgraphReadiness(urls: Record<string, string>): ReadinessChecks {
  const checks: ReadinessChecks = {};
  for (const [name, url] of Object.entries(urls)) {
    checks[name] = async () => {
      const response = await fetch(new URL('/health/ready', url), { signal: AbortSignal.timeout(SUBGRAPH_CHECK_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`${name} answered ${response.status}`);
    };
  }
  return checks;
}
