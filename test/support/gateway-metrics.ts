import type { TestStack } from './test-stack';

/** Requests the gateway has sent to each subgraph so far, read from its own /metrics. */
export async function subgraphRequestCounts(t: TestStack): Promise<Record<string, number>> {
  const text = await (await fetch(t.gatewayUrl.replace('/graphql', '/metrics'))).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/lading_subgraph_request_duration_seconds_count\{[^}]*subgraph="(\w+)"[^}]*\} (\d+)/g)) {
    counts[match[1]] = Number(match[2]);
  }
  return counts;
}

/** Open subscriptions as the gateway counts them (`lading_active_subscriptions`), over every transport. */
export async function activeSubscriptions(t: TestStack): Promise<number> {
  const metrics = await (await fetch(t.gatewayUrl.replace('/graphql', '/metrics'))).text();
  return Number(/^lading_active_subscriptions(?:\{[^}]*\})? (\d+)/m.exec(metrics)?.[1]);
}
