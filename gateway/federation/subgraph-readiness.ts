import { ReadinessChecks } from '../../lib/server/health';

/** The gateway is ready only when every subgraph says it is (CONTRACT §6). */
export function subgraphReadiness(urls: Record<string, string>): ReadinessChecks {
  const checks: ReadinessChecks = {};
  for (const [name, url] of Object.entries(urls)) {
    checks[name] = async () => {
      const response = await fetch(new URL('/health/ready', url), { signal: AbortSignal.timeout(1500) });
      if (!response.ok) throw new Error(`${name} answered ${response.status}`);
    };
  }
  return checks;
}
