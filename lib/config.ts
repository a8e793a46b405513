import type { SlaRules } from './governance';
import { slaRulesFrom } from './governance';
import type { LogLevel } from './logger';
import type { Identity } from './identity/identity';
import { Role } from './identity/identity';
import type { ErrorPolicy } from './graphql/error-policy';
import type { SettingValues, TrustedDocumentsPolicy } from './settings';
import { ConfigError, defaultTrustedDocumentsPolicy, readSettings, SUBGRAPH_URL, subgraphSettingName, unknownSettings } from './settings';
import type { SubgraphName } from './subgraph-names';
import { SUBGRAPH_NAMES } from './subgraph-names';
import type { WebhookSettings } from './webhook-settings';
import { webhookSettingsFrom } from './webhook-settings';

export { ConfigError } from './settings';

/**
 * Every setting Lading reads, parsed and checked once at start-up, shaped for the modules that use
 * them. Nothing else reads `process.env`. Names, defaults and meanings: lib/settings (one place),
 * rendered into docs/configuration.md.
 */
export interface LadingConfig {
  /** `LADING_HOST`. */
  host: string;
  /** `LADING_GATEWAY_PORT`. */
  gatewayPort: number;
  /** `LADING_<NAME>_PORT`. */
  subgraphPorts: Record<SubgraphName, number>;
  /** Where the gateway reaches each subgraph: `LADING_<NAME>_URL`, else on `host` and its port. */
  subgraphUrls: Record<SubgraphName, string>;
  /** `REDIS_URL`; undefined: the embedded in-memory mode. */
  redisUrl: string | undefined;
  /** `LADING_REDIS_PREFIX`. */
  redisPrefix: string;
  jwt: {
    /** `LADING_JWT_SECRET`, else the public development secret (refused when `NODE_ENV=production`). */
    secret: string;
    isDevelopmentSecret: boolean;
    /** `LADING_JWKS_URL` with `LADING_JWT_ISSUER` and `LADING_JWT_AUDIENCE` (all three together): production identity. */
    jwks: { jwksUrl: string; issuer: string; audience: string } | undefined;
  };
  /** `LADING_CLAIM_IDLE`. */
  claimIdleMs: number;
  /** `LADING_EVENT_RETENTION`. */
  eventRetentionMs: number;
  /** `LADING_SUBGRAPH_SECRET`; `npm start` generates one when unset, separate processes require it. */
  subgraphSecret: string | undefined;
  /** `LADING_SUBGRAPH_MAX_SKEW`. */
  subgraphSignatureMaxSkewMs: number;
  /** `LADING_HOLD_TTL`. */
  holdTtlMs: number;
  /** `LADING_EVENTS_MAX_BYTES`. */
  eventsMaxBytes: number;
  /** `LADING_EVENT_MAX_*` and `LADING_INTEGRATION_*` (docs/events.md). */
  ingest: { limits: { maxBytes: number; maxDepth: number; maxArrayLength: number }; emitters: { sources: string[]; eventTypes: string[] } };
  /** `LADING_MAX_DEPTH`, `_ALIASES`, `_DIRECTIVES`, `_TOKENS`, `_COST`, `LADING_COST_LIST_SIZE`, `LADING_COST_ENTITY_WEIGHT`. */
  operationLimits: {
    /** Deepest nesting of selections. */
    maxDepth: number;
    /** Aliased fields in one operation. */
    maxAliases: number;
    /** Directives in one operation. */
    maxDirectives: number;
    /** Lexical tokens of the document, enforced while parsing. */
    maxTokens: number;
    /** Estimated cost: each field counts once per item its enclosing lists may hold. */
    maxCost: number;
    /** Items assumed for a list field that takes no `first`. */
    assumedListSize: number;
    /**
     * Extra cost of each item a query carries into another subgraph (an `_entities` representation),
     * on top of its fields: measured, a field resolved across a subgraph boundary costs the
     * gateway and the two subgraphs several times a field resolved where its parent was.
     */
    entityWeight: number;
  };
  /** `LADING_MAX_BODY_BYTES`. */
  maxBodyBytes: number;
  /** `LADING_WS_*` and `LADING_SUBSCRIPTION_BUFFER`. */
  websocketLimits: {
    connectionInitWaitTimeoutMs: number;
    keepAliveMs: number;
    maxSubscriptionsPerConnection: number;
    maxConnectionsPerPrincipal: number;
    maxWsMessageBytes: number;
    maxBufferedUpdates: number;
  };
  /** `LADING_RATE_LIMIT_RPS`, `LADING_RATE_LIMIT_BURST`. */
  rateLimit: { ratePerSecond: number; burst: number };
  /** `LADING_RATE_COST_PER_TOKEN`, `LADING_RATE_LIMIT_PACE`, `LADING_WS_MAX_OPERATIONS`, `LADING_DOCUMENT_CACHE_SIZE`. */
  pipeline: { costPerToken: number; refusalPaceMs: number; maxOperationsPerConnection: number; documentCacheSize: number };
  /** `LADING_CORS_ORIGINS`; empty: no CORS headers. */
  corsOrigins: string[];
  /** `LADING_SUBGRAPH_TIMEOUT`, `LADING_<NAME>_TIMEOUT`, `LADING_SUBGRAPH_BREAKER_*`. */
  subgraphTraffic: {
    timeoutMs: Partial<Record<SubgraphName, number>>;
    defaultTimeoutMs: number;
    breakerFailures: number;
    breakerCooldownMs: number;
  };
  /** `LADING_LOG_LEVEL`. */
  logLevel: LogLevel;
  /** `LADING_SHUTDOWN_TIMEOUT`. */
  shutdownTimeoutMs: number;
  /** `LADING_WEBHOOK_*` (docs/webhooks.md). */
  webhooks: WebhookSettings;
  /** `LADING_SLA_*` (docs/governance.md). */
  sla: { rules: SlaRules; intervalMs: number };
  /** Whether to load the deterministic demo data. `LADING_DEMO_DATA`; when unset (null), `npm start` loads it; a lone gateway loads it only from `stack/gateway-with-demo-data.ts` and when true. */
  demoData: boolean | null;
  /** `LADING_*` variables that are no setting: most likely misspelt, so they are warned about at start-up. */
  unknownSettings: string[];
  /** `OTEL_*`: trace export over OTLP/HTTP (docs/observability.md). */
  telemetry: TelemetrySettings;
  /** `LADING_SUPERGRAPH_PATH`; undefined: Lading's committed supergraph (docs/any-supergraph.md). */
  supergraphPath: string | undefined;
  /** Every `LADING_<NAME>_URL` that is set, by upper-case name (`ORDERS`, `INVENTORY`, …): how another supergraph's URLs are overridden. */
  subgraphUrlSettings: Record<string, string>;
  /** `LADING_DEV_IDENTITY`: who a request without a token is (development only). */
  devIdentity: Identity | undefined;
  /** `LADING_TRUSTED_DOCUMENTS` over its per-role default, and `LADING_TRUSTED_DOCUMENTS_PATH`. */
  trustedDocuments: { policy: TrustedDocumentsPolicy; manifestPath: string | undefined };
  /** `LADING_PUBLIC_ERROR_CODES`, `LADING_FORWARD_SUBGRAPH_ERRORS`. */
  errorPolicy: ErrorPolicy;
}

export interface TelemetrySettings {
  /** Full OTLP/HTTP traces URL; undefined means no tracing at all (no provider registered, nothing sent). */
  tracesEndpoint: string | undefined;
  /** `OTEL_SERVICE_NAME`, when set. */
  serviceName: string | undefined;
}

export const DEVELOPMENT_JWT_SECRET = 'lading-development-secret-do-not-use-in-production';
/** docker-compose.yml's default subgraph secret: public like the one above, so refused in production too. */
export const DEVELOPMENT_SUBGRAPH_SECRET = 'lading-development-subgraph-secret-do-not-use-in-production';

function jwtConfig(s: SettingValues): LadingConfig['jwt'] {
  let jwks: LadingConfig['jwt']['jwks'];
  if (s.LADING_JWKS_URL) {
    if (!s.LADING_JWT_ISSUER || !s.LADING_JWT_AUDIENCE)
      throw new ConfigError('LADING_JWKS_URL needs LADING_JWT_ISSUER and LADING_JWT_AUDIENCE');
    jwks = { jwksUrl: s.LADING_JWKS_URL, issuer: s.LADING_JWT_ISSUER, audience: s.LADING_JWT_AUDIENCE };
  }
  // The development secret is public (it is in this file), so anyone could mint tokens with it.
  const developmentSecret = !s.LADING_JWT_SECRET || s.LADING_JWT_SECRET === DEVELOPMENT_JWT_SECRET;
  if (!jwks && developmentSecret && s.NODE_ENV === 'production') {
    throw new ConfigError('the development JWT secret is refused when NODE_ENV=production: set LADING_JWKS_URL (or LADING_JWT_SECRET)');
  }
  return { secret: s.LADING_JWT_SECRET || DEVELOPMENT_JWT_SECRET, isDevelopmentSecret: developmentSecret && !jwks, jwks };
}

function subgraphSecret(s: SettingValues): string | undefined {
  if (s.LADING_SUBGRAPH_SECRET === DEVELOPMENT_SUBGRAPH_SECRET && s.NODE_ENV === 'production') {
    throw new ConfigError('the development LADING_SUBGRAPH_SECRET is refused when NODE_ENV=production: set a secret of your own');
  }
  return s.LADING_SUBGRAPH_SECRET;
}

function telemetry(s: SettingValues): TelemetrySettings {
  const serviceName = s.OTEL_SERVICE_NAME?.trim() || undefined;
  if (s.OTEL_SDK_DISABLED) return { tracesEndpoint: undefined, serviceName };
  // The OTLP specification: the signal-specific URL is used as is; the general one gets the signal's path.
  const general = s.OTEL_EXPORTER_OTLP_ENDPOINT && `${s.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  const endpoint = s.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? general;
  return { tracesEndpoint: endpoint ? new URL(endpoint).href : undefined, serviceName };
}

/** The JWKS URL shares the `LADING_<NAME>_URL` shape but names no subgraph. */
const NOT_SUBGRAPH_URLS = new Set(['JWKS']);

function subgraphUrlSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const name = SUBGRAPH_URL.exec(key)?.[1];
    if (name && value?.trim() && !NOT_SUBGRAPH_URLS.has(name)) urls[name] = value.trim();
  }
  return urls;
}

function devIdentity(s: SettingValues): Identity | undefined {
  const fixed = s.LADING_DEV_IDENTITY;
  if (!fixed) return undefined;
  // A fixed identity is a door without a lock: fine on a laptop running a test suite, never in production.
  if (s.NODE_ENV === 'production')
    throw new ConfigError(
      'LADING_DEV_IDENTITY is for development only and is refused when NODE_ENV=production: unset it and use real tokens',
    );
  const name = fixed.role === Role.Customer ? `${fixed.role}:${fixed.customerId}` : fixed.role;
  return { sub: `dev-identity:${name}`, role: fixed.role, customerId: fixed.customerId };
}

function errorPolicy(s: SettingValues): ErrorPolicy {
  // A subgraph's messages may carry internal detail: a conformance run may show them, a production gateway may not.
  if (s.LADING_FORWARD_SUBGRAPH_ERRORS && s.NODE_ENV === 'production')
    throw new ConfigError('LADING_FORWARD_SUBGRAPH_ERRORS is for development and conformance runs and is refused when NODE_ENV=production');
  return { publicCodes: s.LADING_PUBLIC_ERROR_CODES ?? [], forwardSubgraphErrors: s.LADING_FORWARD_SUBGRAPH_ERRORS };
}

function perSubgraph<T>(read: (name: SubgraphName) => T): Record<SubgraphName, T> {
  return Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, read(name)])) as Record<SubgraphName, T>;
}

/** The configuration of this process; throws ConfigError naming each bad setting and what it accepts. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LadingConfig {
  const s = readSettings(env);
  const host = s.LADING_HOST;
  const subgraphPorts = perSubgraph((name) => s[subgraphSettingName(name, 'PORT')]);
  const timeouts = perSubgraph((name) => s[subgraphSettingName(name, 'TIMEOUT')]);
  return {
    host,
    gatewayPort: s.LADING_GATEWAY_PORT,
    subgraphPorts,
    subgraphUrls: perSubgraph(
      (name) => s[subgraphSettingName(name, 'URL')] ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${subgraphPorts[name]}/graphql`,
    ),
    redisUrl: s.REDIS_URL,
    redisPrefix: s.LADING_REDIS_PREFIX,
    jwt: jwtConfig(s),
    holdTtlMs: s.LADING_HOLD_TTL,
    claimIdleMs: s.LADING_CLAIM_IDLE,
    eventRetentionMs: s.LADING_EVENT_RETENTION,
    subgraphSecret: subgraphSecret(s),
    subgraphSignatureMaxSkewMs: s.LADING_SUBGRAPH_MAX_SKEW,
    eventsMaxBytes: s.LADING_EVENTS_MAX_BYTES,
    ingest: {
      limits: { maxBytes: s.LADING_EVENT_MAX_BYTES, maxDepth: s.LADING_EVENT_MAX_DEPTH, maxArrayLength: s.LADING_EVENT_MAX_ARRAY },
      emitters: { sources: s.LADING_INTEGRATION_SOURCES, eventTypes: s.LADING_INTEGRATION_EVENT_TYPES },
    },
    operationLimits: {
      maxDepth: s.LADING_MAX_DEPTH,
      maxAliases: s.LADING_MAX_ALIASES,
      maxDirectives: s.LADING_MAX_DIRECTIVES,
      maxTokens: s.LADING_MAX_TOKENS,
      maxCost: s.LADING_MAX_COST,
      assumedListSize: s.LADING_COST_LIST_SIZE,
      entityWeight: s.LADING_COST_ENTITY_WEIGHT,
    },
    maxBodyBytes: s.LADING_MAX_BODY_BYTES,
    rateLimit: { ratePerSecond: s.LADING_RATE_LIMIT_RPS, burst: s.LADING_RATE_LIMIT_BURST },
    websocketLimits: {
      connectionInitWaitTimeoutMs: s.LADING_WS_INIT_TIMEOUT,
      keepAliveMs: s.LADING_WS_PING_INTERVAL,
      maxSubscriptionsPerConnection: s.LADING_WS_MAX_SUBSCRIPTIONS,
      maxConnectionsPerPrincipal: s.LADING_WS_MAX_CONNECTIONS,
      maxWsMessageBytes: s.LADING_WS_MAX_MESSAGE_BYTES,
      maxBufferedUpdates: s.LADING_SUBSCRIPTION_BUFFER,
    },
    pipeline: {
      costPerToken: s.LADING_RATE_COST_PER_TOKEN,
      refusalPaceMs: s.LADING_RATE_LIMIT_PACE,
      maxOperationsPerConnection: s.LADING_WS_MAX_OPERATIONS,
      documentCacheSize: s.LADING_DOCUMENT_CACHE_SIZE,
    },
    corsOrigins: s.LADING_CORS_ORIGINS ?? [],
    subgraphTraffic: {
      timeoutMs: Object.fromEntries(Object.entries(timeouts).filter(([, ms]) => ms !== undefined)),
      defaultTimeoutMs: s.LADING_SUBGRAPH_TIMEOUT,
      breakerFailures: s.LADING_SUBGRAPH_BREAKER_FAILURES,
      breakerCooldownMs: s.LADING_SUBGRAPH_BREAKER_COOLDOWN,
    },
    logLevel: s.LADING_LOG_LEVEL,
    shutdownTimeoutMs: s.LADING_SHUTDOWN_TIMEOUT,
    webhooks: webhookSettingsFrom(s),
    sla: { rules: slaRulesFrom(s), intervalMs: s.LADING_SLA_INTERVAL },
    demoData: s.LADING_DEMO_DATA ?? null,
    unknownSettings: unknownSettings(env),
    telemetry: telemetry(s),
    supergraphPath: s.LADING_SUPERGRAPH_PATH?.trim() || undefined,
    subgraphUrlSettings: subgraphUrlSettings(env),
    devIdentity: devIdentity(s),
    trustedDocuments: {
      policy: { ...defaultTrustedDocumentsPolicy(s.NODE_ENV === 'production'), ...s.LADING_TRUSTED_DOCUMENTS },
      manifestPath: s.LADING_TRUSTED_DOCUMENTS_PATH?.trim() || undefined,
    },
    errorPolicy: errorPolicy(s),
  };
}

/** Every default: what a caller (a test) that gives only some options starts from. */
export function defaultConfig(): LadingConfig {
  return loadConfig({});
}
