import { ConfigError, loadConfig } from './config';
import { DEFAULTS, SETTINGS, readSettings } from './settings';

describe('subgraph traffic settings', () => {
  it('defaults to a 5 s timeout for every subgraph, 5 failures and a 2 s cooldown', () => {
    expect(loadConfig({}).subgraphTraffic).toEqual({ timeoutMs: {}, defaultTimeoutMs: 5000, breakerFailures: 5, breakerCooldownMs: 2000 });
  });

  it('reads a default and per-subgraph timeouts as durations', () => {
    const traffic = loadConfig({
      LADING_SUBGRAPH_TIMEOUT: '3s',
      LADING_FINANCE_TIMEOUT: '1500ms',
      LADING_ORDERS_TIMEOUT: '10s',
      LADING_SUBGRAPH_BREAKER_COOLDOWN: '1m',
      LADING_SUBGRAPH_BREAKER_FAILURES: '3',
    }).subgraphTraffic;
    expect(traffic).toEqual({
      timeoutMs: { finance: 1500, orders: 10_000 },
      defaultTimeoutMs: 3000,
      breakerFailures: 3,
      breakerCooldownMs: 60_000,
    });
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

describe('the contract fixes these names and defaults', () => {
  it.each([
    ['LADING_GATEWAY_PORT', '4000'],
    ['LADING_ORDERS_PORT', '4001'],
    ['LADING_WAREHOUSE_PORT', '4002'],
    ['LADING_TRANSPORT_PORT', '4003'],
    ['LADING_FINANCE_PORT', '4004'],
    ['LADING_GOVERNANCE_PORT', '4005'],
    ['LADING_HOLD_TTL', '24h'],
    ['LADING_SUBGRAPH_TIMEOUT', '5s'],
    ['LADING_WEBHOOK_ALLOW_PRIVATE', 'false'],
    ['REDIS_URL', undefined],
    ['LADING_JWT_SECRET', undefined],
    ['LADING_JWKS_URL', undefined],
    ['LADING_JWT_ISSUER', undefined],
    ['LADING_JWT_AUDIENCE', undefined],
    ['LADING_SUBGRAPH_SECRET', undefined],
    ['LADING_FINANCE_TIMEOUT', undefined],
    ['LADING_TRUSTED_DOCUMENTS', undefined],
    ['LADING_TRUSTED_DOCUMENTS_PATH', undefined],
  ] as const)('%s defaults to %s', (name, byDefault) => {
    expect(SETTINGS[name].default).toBe(byDefault);
  });
});

describe('reading settings', () => {
  it('parses every default, so the documented defaults are the values used', () => {
    expect(() => readSettings({})).not.toThrow();
    expect(DEFAULTS.LADING_EVENTS_MAX_BYTES).toBe(5 * 1024 * 1024);
    expect(DEFAULTS.LADING_EVENT_RETENTION).toBe(7 * 86_400_000);
    expect(DEFAULTS.LADING_INTEGRATION_SOURCES).toEqual(['*']);
  });

  it.each([
    ['LADING_HOLD_TTL', '250ms', 250],
    ['LADING_HOLD_TTL', '1.5s', 1500],
    ['LADING_HOLD_TTL', '90', 90],
    ['LADING_EVENT_RETENTION', '2d', 2 * 86_400_000],
    ['LADING_RATE_LIMIT_PACE', '0', 0],
    ['LADING_EVENTS_MAX_BYTES', '256KiB', 256 * 1024],
    ['LADING_EVENTS_MAX_BYTES', '2mib', 2 * 1024 * 1024],
    ['LADING_EVENTS_MAX_BYTES', '1000', 1000],
    ['LADING_WEBHOOK_ALLOW_PRIVATE', 'yes', true],
    ['LADING_WEBHOOK_ALLOW_PRIVATE', 'OFF', false],
    ['LADING_CORS_ORIGINS', 'https://a.test, https://b.test,', ['https://a.test', 'https://b.test']],
    ['LADING_LOG_LEVEL', 'warn', 'warn'],
    ['LADING_GATEWAY_PORT', '0', 0],
  ] as const)('%s=%s is %j', (name, raw, value) => {
    expect(readSettings({ [name]: raw })[name]).toEqual(value);
  });

  it('takes a blank value for unset', () => {
    expect(readSettings({ LADING_HOLD_TTL: '  ', REDIS_URL: '' })).toMatchObject({ LADING_HOLD_TTL: 86_400_000 });
    expect(readSettings({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });

  it.each([
    ['LADING_HOLD_TTL', 'soon', 'a duration longer than 0'],
    ['LADING_SLA_INTERVAL', '-1m', 'a duration such as'],
    ['LADING_GATEWAY_PORT', '70000', 'a port number from 0 to 65535'],
    ['LADING_MAX_DEPTH', '1.5', 'a whole number above 0'],
    ['LADING_EVENTS_MAX_BYTES', '5MB', 'a size above 0'],
    ['LADING_DEMO_DATA', 'maybe', 'true or false'],
    ['LADING_WEBHOOK_ALLOWED_PORTS', '8443,ssh', 'comma-separated port numbers from 1 to 65535'],
    ['LADING_WEBHOOK_ALLOWED_PORTS', '0', 'comma-separated port numbers from 1 to 65535'],
    ['LADING_LOG_LEVEL', 'verbose', 'one of debug, info, warn, error'],
    ['LADING_JWKS_URL', 'id.example.test/jwks', 'a URL (https://… or http://…)'],
    ['LADING_ORDERS_URL', 'ftp://orders/graphql', 'a URL (http://… or https://…)'],
  ])('refuses %s=%s, saying what it accepts', (name, raw, accepts) => {
    expect(() => loadConfig({ [name]: raw })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: raw })).toThrow(`${name} must be ${accepts}`);
    expect(() => loadConfig({ [name]: raw })).toThrow(`got "${raw}"`);
  });

  it('reads the webhook ports allowed besides 443; none unless set', () => {
    expect(loadConfig({}).webhooks.allowedPorts).toBeUndefined();
    expect(loadConfig({ LADING_WEBHOOK_ALLOWED_PORTS: '8443, 9443' }).webhooks.allowedPorts).toEqual([8443, 9443]);
  });

  it('reports every bad setting at once', () => {
    expect(() => loadConfig({ LADING_HOLD_TTL: 'soon', LADING_MAX_COST: 'lots' })).toThrow(
      /2 settings are not accepted: LADING_HOLD_TTL must be .*; LADING_MAX_COST must be/,
    );
  });

  it('lists LADING_* variables that are no setting, and nothing else', () => {
    expect(loadConfig({ LADING_HOLD_TIL: '1h', LADING_HOLD_TTL: '1h', PATH: '/bin', BENCH_ROUNDS: '3' }).unknownSettings).toEqual([
      'LADING_HOLD_TIL',
    ]);
  });

  it('builds subgraph URLs from host and ports unless given', () => {
    const config = loadConfig({ LADING_HOST: '0.0.0.0', LADING_ORDERS_PORT: '5001', LADING_FINANCE_URL: 'http://finance:4004/graphql' });
    expect(config.subgraphUrls).toEqual({
      orders: 'http://127.0.0.1:5001/graphql',
      warehouse: 'http://127.0.0.1:4002/graphql',
      transport: 'http://127.0.0.1:4003/graphql',
      finance: 'http://finance:4004/graphql',
      governance: 'http://127.0.0.1:4005/graphql',
    });
  });
});
describe('telemetry settings', () => {
  it.each([
    [{}, undefined],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'http://collector:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'http://collector:4318/v1/traces'],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/otlp' },
      'https://traces.example/otlp',
    ],
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
    const config = loadConfig({
      LADING_INVENTORY_URL: 'http://inv/graphql',
      LADING_ORDERS_URL: 'http://o/graphql',
      LADING_JWKS_URL: 'http://idp/jwks',
      LADING_JWT_ISSUER: 'i',
      LADING_JWT_AUDIENCE: 'a',
    });
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

describe('options shaped from the settings', () => {
  it('hand each module the parsed setting behind each of its options, nested groups included', () => {
    const config = loadConfig({
      LADING_SLA_ACCRUAL: '2h',
      LADING_SLA_INTERVAL: '0',
      LADING_WEBHOOK_CIRCUIT_FAILURES: '9',
      LADING_EVENT_MAX_DEPTH: '8',
      LADING_INTEGRATION_SOURCES: 'urn:wms:*, urn:tms:*',
    });
    expect(config.governance).toEqual({
      sla: { noCarrierUpdateMs: 86_400_000, accrualMs: 7_200_000, invoiceMs: 7 * 86_400_000, heldEventMs: 3_600_000 },
      slaIntervalMs: 0,
    });
    expect(config.webhooks.circuitThreshold).toBe(9);
    expect(config.runtime.ingest).toEqual({
      limits: { maxBytes: 256 * 1024, maxDepth: 8, maxArrayLength: 1000 },
      emitters: { sources: ['urn:wms:*', 'urn:tms:*'], eventTypes: ['*'] },
    });
  });

  it('keep every setting by name for modules that shape options of their own', () => {
    expect(loadConfig({ LADING_MAX_COST: '700' }).settings.LADING_MAX_COST).toEqual({ customer: 700, service_rep: 700, integration: 700 });
  });
});

describe('errors by policy', () => {
  it('reads the public codes and the forwarding switch', () => {
    expect(loadConfig({}).errorPolicy).toEqual({ publicCodes: [], forwardSubgraphErrors: false });
    expect(
      loadConfig({ LADING_PUBLIC_ERROR_CODES: 'STOCK_ON_HOLD, OUT_OF_STOCK', LADING_FORWARD_SUBGRAPH_ERRORS: 'true' }).errorPolicy,
    ).toEqual({
      publicCodes: ['STOCK_ON_HOLD', 'OUT_OF_STOCK'],
      forwardSubgraphErrors: true,
    });
  });

  it('refuses to forward subgraph errors in production, saying why', () => {
    const env = { NODE_ENV: 'production', LADING_JWT_SECRET: 'a-real-secret', LADING_FORWARD_SUBGRAPH_ERRORS: 'true' };
    expect(() => loadConfig(env)).toThrow(/LADING_FORWARD_SUBGRAPH_ERRORS .* NODE_ENV=production/);
  });
});
