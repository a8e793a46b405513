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

describe('telemetry settings', () => {
  it.each([
    [{}, undefined],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'http://collector:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'http://collector:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/otlp' }, 'https://traces.example/otlp'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, undefined],
  ])('exports traces for %j to %s', (env, endpoint) => {
    expect(loadConfig(env).telemetry.tracesEndpoint).toBe(endpoint);
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318'],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'not a url'],
  ])('refuses %s=%s, naming the setting', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe('any supergraph settings', () => {
  it('reads LADING_<NAME>_URL for any subgraph name, but not the JWKS URL', () => {
    const config = loadConfig({ LADING_INVENTORY_URL: 'http://inv/graphql', LADING_ORDERS_URL: 'http://o/graphql', LADING_JWKS_URL: 'http://idp/jwks', LADING_JWT_ISSUER: 'i', LADING_JWT_AUDIENCE: 'a' });
    expect(config.subgraphUrlSettings).toEqual({ INVENTORY: 'http://inv/graphql', ORDERS: 'http://o/graphql' });
  });

  it.each([
    ['service_rep', { role: 'service_rep', customerId: null }],
    ['customer:CUST-0002', { role: 'customer', customerId: 'CUST-0002' }],
  ])('reads LADING_DEV_IDENTITY=%s', (value, identity) => {
    expect(loadConfig({ LADING_DEV_IDENTITY: value }).devIdentity).toMatchObject(identity);
  });

  it.each([['admin'], ['customer']])('refuses LADING_DEV_IDENTITY=%s, naming the setting', (value) => {
    expect(() => loadConfig({ LADING_DEV_IDENTITY: value })).toThrow('LADING_DEV_IDENTITY');
  });

  it('refuses a fixed identity in production, saying why', () => {
    const env = { NODE_ENV: 'production', LADING_JWT_SECRET: 'a-real-secret', LADING_DEV_IDENTITY: 'service_rep' };
    expect(() => loadConfig(env)).toThrow(/LADING_DEV_IDENTITY is for development only .* NODE_ENV=production/);
  });
});
