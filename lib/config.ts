import { DEFAULT_SLA_RULES, SlaRules } from './governance';
import { LogLevel } from './logger';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, SubgraphName } from './subgraph-names';
import { DEFAULT_WEBHOOK_SETTINGS, WebhookSettings } from './webhook-settings';

/** Every setting Lading reads, parsed and checked once at start-up. Nothing else reads `process.env`. */
export interface LadingConfig {
  /** Interface the servers listen on. `LADING_HOST`, default 127.0.0.1. */
  host: string;
  /** `LADING_GATEWAY_PORT`, default 4000. */
  gatewayPort: number;
  /** `LADING_<NAME>_PORT`, defaults 4001–4004. */
  subgraphPorts: Record<SubgraphName, number>;
  /** Where the gateway reaches each subgraph. `LADING_<NAME>_URL`, default on `host` and its port. */
  subgraphUrls: Record<SubgraphName, string>;
  /** `REDIS_URL`; unset means the embedded in-memory mode. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel. `LADING_REDIS_PREFIX`, default `lading`. */
  redisPrefix: string;
  jwt: {
    /** `LADING_JWT_SECRET`; a fixed development secret when unset (and a warning is logged; refused when `NODE_ENV=production`). */
    secret: string;
    isDevelopmentSecret: boolean;
    /** `LADING_JWKS_URL` with `LADING_JWT_ISSUER` and `LADING_JWT_AUDIENCE` (all three required together): production identity. */
    jwks: { jwksUrl: string; issuer: string; audience: string } | undefined;
  };
  /**
   * Backstop for a consumer that is alive (its heartbeat goes on) but stuck: an event pending with it this long is
   * claimed by another. A consumer that died (heartbeat gone, see docs/events.md) loses its events within seconds,
   * whatever this says. `LADING_CLAIM_IDLE`, default 60s.
   */
  claimIdleMs: number;
  /**
   * How long deduplication entries, applied markers and applied log entries are kept (resume, replay and
   * duplicate detection all work within this window). `LADING_EVENT_RETENTION`, default 7d.
   */
  eventRetentionMs: number;
  /** Secret the gateway signs subgraph requests with. `LADING_SUBGRAPH_SECRET`; `npm start` generates one when unset, separate processes require it. */
  subgraphSecret: string | undefined;
  /** How old (or how far ahead) a gateway signature's timestamp may be before a subgraph refuses the request as stale. `LADING_SUBGRAPH_MAX_SKEW`, default 60s. */
  subgraphSignatureMaxSkewMs: number;
  /** How long an event waits for its aggregate before it is dead-lettered as `orphan`. `LADING_HOLD_TTL`, default 24h. */
  holdTtlMs: number;
  /** Largest `POST /events` body in bytes (413 beyond). `LADING_EVENTS_MAX_BYTES`, default 5 MiB. */
  eventsMaxBytes: number;
  /**
   * What `POST /events` accepts besides the contract (docs/events.md): per event `LADING_EVENT_MAX_BYTES` (256 KiB of JSON),
   * `LADING_EVENT_MAX_DEPTH` (32 levels of nesting) and `LADING_EVENT_MAX_ARRAY` (1000 elements in one array); and for an
   * integration token without `sources` / `event_types` claims, `LADING_INTEGRATION_SOURCES` and `LADING_INTEGRATION_EVENT_TYPES`
   * (comma-separated globs, default `*`). `urn:lading:*` is refused at the door whatever they say.
   */
  ingest: { limits: { maxBytes: number; maxDepth: number; maxArrayLength: number }; emitters: { sources: string[]; eventTypes: string[] } };
  /** Operation limits: `LADING_MAX_DEPTH` (15), `LADING_MAX_ALIASES` (30), `LADING_MAX_DIRECTIVES` (50), `LADING_MAX_TOKENS` (5000), `LADING_MAX_COST` (50000), `LADING_COST_LIST_SIZE` (10): the items the cost estimate assumes for a list without `first` (connections count their `first`, default 20), and `LADING_COST_ENTITY_WEIGHT` (6): the extra cost of each item a query carries into another subgraph (docs/request-pipeline.md). */
  operationLimits: { maxDepth: number; maxAliases: number; maxDirectives: number; maxTokens: number; maxCost: number; assumedListSize: number; entityWeight: number };
  /** Largest GraphQL request body in bytes (413 beyond). `LADING_MAX_BODY_BYTES`, default 1 MiB. */
  maxBodyBytes: number;
  /** graphql-ws limits: `LADING_WS_INIT_TIMEOUT` (3s), `LADING_WS_MAX_SUBSCRIPTIONS` (50 per connection), `LADING_WS_MAX_CONNECTIONS` (100 per principal; over it: close 4429), `LADING_WS_MAX_MESSAGE_BYTES` (64 KiB), `LADING_SUBSCRIPTION_BUFFER` (1,000 undelivered updates per subscriber, any transport; past it UPDATES_MISSED). */
  websocketLimits: { connectionInitWaitTimeoutMs: number; maxSubscriptionsPerConnection: number; maxConnectionsPerPrincipal: number; maxWsMessageBytes: number; maxBufferedUpdates: number };
  /** Requests per principal: `LADING_RATE_LIMIT_RPS` (50 per second) refilling a bucket of `LADING_RATE_LIMIT_BURST` (100). */
  rateLimit: { ratePerSecond: number; burst: number };
  /** Request pipeline: `LADING_RATE_COST_PER_TOKEN` (100: the estimated cost one rate-limit token pays for, so a cheap query is 1 token and a page of 100 shipments tens), `LADING_RATE_LIMIT_PACE` (1s: the longest a 429 is held before it is answered, never past its Retry-After; 0 answers at once), `LADING_WS_MAX_OPERATIONS` (10 queries and mutations at once per graphql-ws connection), `LADING_DOCUMENT_CACHE_SIZE` (1000 distinct documents kept parsed and validated). */
  pipeline: { costPerToken: number; refusalPaceMs: number; maxOperationsPerConnection: number; documentCacheSize: number };
  /** Portal origins allowed by CORS. `LADING_CORS_ORIGINS`, comma-separated; default none (no CORS headers). */
  corsOrigins: string[];
  /**
   * Calls from the gateway to each subgraph: `LADING_SUBGRAPH_TIMEOUT` (5s) for every subgraph, `LADING_<NAME>_TIMEOUT`
   * for one; `LADING_SUBGRAPH_BREAKER_FAILURES` (5 consecutive failures open a subgraph's breaker) and
   * `LADING_SUBGRAPH_BREAKER_COOLDOWN` (2s of failing fast before one probe).
   */
  subgraphTraffic: { timeoutMs: Partial<Record<SubgraphName, number>>; defaultTimeoutMs: number; breakerFailures: number; breakerCooldownMs: number };
  /** `LADING_LOG_LEVEL`, default info. */
  logLevel: LogLevel;
  /** Webhook delivery (docs/webhooks.md): `LADING_WEBHOOK_ALLOW_PRIVATE` (false), `LADING_WEBHOOK_RETRY_PERIOD` (24h), `LADING_WEBHOOK_RETRY_BASE` (5s), `LADING_WEBHOOK_TIMEOUT` (10s), `LADING_WEBHOOK_CONCURRENCY` (1 per endpoint), `LADING_WEBHOOK_POLL` (1s), `LADING_WEBHOOK_LEASE` (15s: how soon another instance takes over a dead one's queues). */
  webhooks: WebhookSettings;
  /** SLA limits and scheduler: `LADING_SLA_NO_CARRIER_UPDATE` (24h), `LADING_SLA_ACCRUAL` (1h), `LADING_SLA_INVOICE` (7d), `LADING_SLA_HELD_EVENT` (1h), `LADING_SLA_INTERVAL` (1m; 0 turns the scheduler off). */
  sla: { rules: SlaRules; intervalMs: number };
  /** Whether to load the deterministic demo data. `LADING_DEMO_DATA`; when unset (null), `npm start` loads it; a lone gateway loads it only from `stack/gateway-with-demo-data.ts` and when true. */
  demoData: boolean | null;
}

export const DEVELOPMENT_JWT_SECRET = 'lading-development-secret-do-not-use-in-production';
/** docker-compose.yml's default subgraph secret: public like the one above, so refused in production too. */
export const DEVELOPMENT_SUBGRAPH_SECRET = 'lading-development-subgraph-secret-do-not-use-in-production';

export class ConfigError extends Error {}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new ConfigError(`${name} must be a port number, got "${raw}"`);
  return value;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Parses durations such as `24h`, `30m`, `90s`, `250ms` or a number of milliseconds. */
export function parseDuration(name: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(raw.trim());
  if (!match) throw new ConfigError(`${name} must be a duration such as 24h, 30m or 90s, got "${raw}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms'] as number;
  return Math.round(Number(match[1]) * unit);
}

function flag<T extends boolean | null>(env: NodeJS.ProcessEnv, name: string, fallback: T): boolean | T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** Comma-separated globs; unset means `*` (everything). */
function globList(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return ['*'];
  return raw.split(',').map((glob) => glob.trim()).filter(Boolean);
}

function jwtConfig(env: NodeJS.ProcessEnv): LadingConfig['jwt'] {
  const jwksUrl = env.LADING_JWKS_URL;
  let jwks: LadingConfig['jwt']['jwks'];
  if (jwksUrl) {
    if (!env.LADING_JWT_ISSUER || !env.LADING_JWT_AUDIENCE) throw new ConfigError('LADING_JWKS_URL needs LADING_JWT_ISSUER and LADING_JWT_AUDIENCE');
    jwks = { jwksUrl, issuer: env.LADING_JWT_ISSUER, audience: env.LADING_JWT_AUDIENCE };
  }
  // The development secret is public (it is in this file), so anyone could mint tokens with it.
  const developmentSecret = !env.LADING_JWT_SECRET || env.LADING_JWT_SECRET === DEVELOPMENT_JWT_SECRET;
  if (!jwks && developmentSecret && env.NODE_ENV === 'production') {
    throw new ConfigError('the development JWT secret is refused when NODE_ENV=production: set LADING_JWKS_URL (or LADING_JWT_SECRET)');
  }
  return { secret: env.LADING_JWT_SECRET || DEVELOPMENT_JWT_SECRET, isDevelopmentSecret: developmentSecret && !jwks, jwks };
}

function subgraphTraffic(env: NodeJS.ProcessEnv): LadingConfig['subgraphTraffic'] {
  const timeoutMs: Partial<Record<SubgraphName, number>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const key = `LADING_${name.toUpperCase()}_TIMEOUT`;
    if (env[key]) timeoutMs[name] = positiveDuration(key, env[key]);
  }
  return {
    timeoutMs,
    defaultTimeoutMs: positiveDuration('LADING_SUBGRAPH_TIMEOUT', env.LADING_SUBGRAPH_TIMEOUT || '5s'),
    breakerFailures: positiveInt(env, 'LADING_SUBGRAPH_BREAKER_FAILURES', 5),
    breakerCooldownMs: positiveDuration('LADING_SUBGRAPH_BREAKER_COOLDOWN', env.LADING_SUBGRAPH_BREAKER_COOLDOWN || '2s'),
  };
}

function positiveDuration(name: string, raw: string): number {
  const value = parseDuration(name, raw);
  if (value <= 0) throw new ConfigError(`${name} must be longer than 0, got "${raw}"`);
  return value;
}

function slaConfig(env: NodeJS.ProcessEnv): LadingConfig['sla'] {
  const duration = (name: string, fallback: number) => (env[name] ? parseDuration(name, env[name]) : fallback);
  return {
    rules: {
      noCarrierUpdateMs: duration('LADING_SLA_NO_CARRIER_UPDATE', DEFAULT_SLA_RULES.noCarrierUpdateMs),
      accrualMs: duration('LADING_SLA_ACCRUAL', DEFAULT_SLA_RULES.accrualMs),
      invoiceMs: duration('LADING_SLA_INVOICE', DEFAULT_SLA_RULES.invoiceMs),
      heldEventMs: duration('LADING_SLA_HELD_EVENT', DEFAULT_SLA_RULES.heldEventMs),
    },
    intervalMs: duration('LADING_SLA_INTERVAL', 60_000),
  };
}

function subgraphSecret(env: NodeJS.ProcessEnv): string | undefined {
  if (env.LADING_SUBGRAPH_SECRET === DEVELOPMENT_SUBGRAPH_SECRET && env.NODE_ENV === 'production') {
    throw new ConfigError('the development LADING_SUBGRAPH_SECRET is refused when NODE_ENV=production: set a secret of your own');
  }
  return env.LADING_SUBGRAPH_SECRET || undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LadingConfig {
  const host = env.LADING_HOST || '127.0.0.1';
  const subgraphPorts = {} as Record<SubgraphName, number>;
  const subgraphUrls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    const upper = name.toUpperCase();
    subgraphPorts[name] = port(env, `LADING_${upper}_PORT`, DEFAULT_PORTS[name]);
    subgraphUrls[name] = env[`LADING_${upper}_URL`] || `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${subgraphPorts[name]}/graphql`;
  }
  const logLevel = (env.LADING_LOG_LEVEL || 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new ConfigError(`LADING_LOG_LEVEL must be debug, info, warn or error`);
  return {
    host,
    gatewayPort: port(env, 'LADING_GATEWAY_PORT', DEFAULT_PORTS.gateway),
    subgraphPorts,
    subgraphUrls,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.LADING_REDIS_PREFIX || 'lading',
    jwt: jwtConfig(env),
    holdTtlMs: parseDuration('LADING_HOLD_TTL', env.LADING_HOLD_TTL || '24h'),
    claimIdleMs: parseDuration('LADING_CLAIM_IDLE', env.LADING_CLAIM_IDLE || '60s'),
    eventRetentionMs: parseDuration('LADING_EVENT_RETENTION', env.LADING_EVENT_RETENTION || '7d'),
    subgraphSecret: subgraphSecret(env),
    subgraphSignatureMaxSkewMs: parseDuration('LADING_SUBGRAPH_MAX_SKEW', env.LADING_SUBGRAPH_MAX_SKEW || '60s'),
    eventsMaxBytes: positiveInt(env, 'LADING_EVENTS_MAX_BYTES', 5 * 1024 * 1024),
    ingest: {
      limits: {
        maxBytes: positiveInt(env, 'LADING_EVENT_MAX_BYTES', 256 * 1024),
        maxDepth: positiveInt(env, 'LADING_EVENT_MAX_DEPTH', 32),
        maxArrayLength: positiveInt(env, 'LADING_EVENT_MAX_ARRAY', 1000),
      },
      emitters: { sources: globList(env.LADING_INTEGRATION_SOURCES), eventTypes: globList(env.LADING_INTEGRATION_EVENT_TYPES) },
    },
    operationLimits: {
      maxDepth: positiveInt(env, 'LADING_MAX_DEPTH', 15),
      maxAliases: positiveInt(env, 'LADING_MAX_ALIASES', 30),
      maxDirectives: positiveInt(env, 'LADING_MAX_DIRECTIVES', 50),
      maxTokens: positiveInt(env, 'LADING_MAX_TOKENS', 5000),
      maxCost: positiveInt(env, 'LADING_MAX_COST', 50_000),
      assumedListSize: positiveInt(env, 'LADING_COST_LIST_SIZE', 10),
      entityWeight: positiveInt(env, 'LADING_COST_ENTITY_WEIGHT', 6),
    },
    maxBodyBytes: positiveInt(env, 'LADING_MAX_BODY_BYTES', 1024 * 1024),
    rateLimit: { ratePerSecond: positiveInt(env, 'LADING_RATE_LIMIT_RPS', 50), burst: positiveInt(env, 'LADING_RATE_LIMIT_BURST', 100) },
    websocketLimits: {
      connectionInitWaitTimeoutMs: parseDuration('LADING_WS_INIT_TIMEOUT', env.LADING_WS_INIT_TIMEOUT || '3s'),
      maxSubscriptionsPerConnection: positiveInt(env, 'LADING_WS_MAX_SUBSCRIPTIONS', 50),
      maxConnectionsPerPrincipal: positiveInt(env, 'LADING_WS_MAX_CONNECTIONS', 100),
      maxWsMessageBytes: positiveInt(env, 'LADING_WS_MAX_MESSAGE_BYTES', 64 * 1024),
      maxBufferedUpdates: positiveInt(env, 'LADING_SUBSCRIPTION_BUFFER', 1000),
    },
    pipeline: {
      costPerToken: positiveInt(env, 'LADING_RATE_COST_PER_TOKEN', 100),
      refusalPaceMs: parseDuration('LADING_RATE_LIMIT_PACE', env.LADING_RATE_LIMIT_PACE || '1s'),
      maxOperationsPerConnection: positiveInt(env, 'LADING_WS_MAX_OPERATIONS', 10),
      documentCacheSize: positiveInt(env, 'LADING_DOCUMENT_CACHE_SIZE', 1000),
    },
    corsOrigins: (env.LADING_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    logLevel,
    demoData: flag(env, 'LADING_DEMO_DATA', null),
    webhooks: {
      ...DEFAULT_WEBHOOK_SETTINGS,
      allowPrivateTargets: flag(env, 'LADING_WEBHOOK_ALLOW_PRIVATE', false),
      retryPeriodMs: parseDuration('LADING_WEBHOOK_RETRY_PERIOD', env.LADING_WEBHOOK_RETRY_PERIOD || '24h'),
      retryBaseMs: parseDuration('LADING_WEBHOOK_RETRY_BASE', env.LADING_WEBHOOK_RETRY_BASE || '5s'),
      timeoutMs: parseDuration('LADING_WEBHOOK_TIMEOUT', env.LADING_WEBHOOK_TIMEOUT || '10s'),
      concurrency: positiveInt(env, 'LADING_WEBHOOK_CONCURRENCY', 1),
      pollMs: parseDuration('LADING_WEBHOOK_POLL', env.LADING_WEBHOOK_POLL || '1s'),
      leaseMs: parseDuration('LADING_WEBHOOK_LEASE', env.LADING_WEBHOOK_LEASE || '15s'),
    },
    sla: slaConfig(env),
    subgraphTraffic: subgraphTraffic(env),
  };
}
