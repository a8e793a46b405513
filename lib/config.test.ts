import { ConfigError, loadConfig } from './config';

describe('subgraph traffic settings', () => {
  it('defaults to a 5 s timeout for every subgraph, 5 failures and a 2 s cooldown', () => {
    expect(loadConfig({}).subgraphTraffic).toEqual({ timeoutMs: {}, defaultTimeoutMs: 5000, breakerFailures: 5, breakerCooldownMs: 2000 });
  });

  it('reads a default and per-subgraph timeouts as durations', () => {
    const traffic = loadConfig({ LADING_SUBGRAPH_TIMEOUT: '3s', LADING_FINANCE_TIMEOUT: '1500ms', LADING_ORDERS_TIMEOUT: '10s', LADING_SUBGRAPH_BREAKER_COOLDOWN: '1m', LADING_SUBGRAPH_BREAKER_FAILURES: '3' }).subgraphTraffic;
    expect(traffic).toEqual({ timeoutMs: { finance: 1500, orders: 10_000 }, defaultTimeoutMs: 3000, breakerFailures: 3, breakerCooldownMs: 60_000 });
  });

  it.each([
    ['LADING_SUBGRAPH_TIMEOUT', 'soon'],
    ['LADING_WAREHOUSE_TIMEOUT', '0s'],
    ['LADING_SUBGRAPH_BREAKER_FAILURES', '0'],
    ['LADING_SUBGRAPH_BREAKER_COOLDOWN', '-1s'],
  ])('refuses %s=%s, naming the setting', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
