import type { SubgraphTraffic } from '../../lib/config';

export type { SubgraphTraffic } from '../../lib/config';

export function timeoutOf(traffic: SubgraphTraffic, name: string): number {
  return traffic.timeoutMs[name] ?? traffic.defaultTimeoutMs;
}
