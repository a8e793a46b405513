import { GOVERNANCE } from './governance';
import type { Identity } from './identity/identity';
import { Role } from './identity/identity';
import type { ErrorPolicy } from './graphql/error-policy';
import { errorPolicyFrom } from './graphql/error-policy';
import { RUNTIME_SETTINGS } from './runtime/runtime-settings';
import type { OptionsOf, OptionSource, SettingValues, TrustedDocumentsPolicy } from './settings';
import {
  ConfigError,
  DEFAULTS,
  defaultTrustedDocumentsPolicy,
  optionsFrom,
  readSettings,
  SUBGRAPH_URL,
  subgraphSettingName,
  unknownSettings,
} from './settings';
import type { SubgraphName } from './subgraph-names';
import { SUBGRAPH_NAMES } from './subgraph-names';
import { WEBHOOK_DELIVERY } from './webhook-settings';
import { ACCESS_LOG } from './server/access-log';

export { ConfigError } from './settings';

/** The options read straight from one setting each, by the names the modules use. */
const PLAIN_OPTIONS = {
  host: 'LADING_HOST',
  gatewayPort: 'LADING_GATEWAY_PORT',
  /** Undefined: the embedded in-memory mode. */
  redisUrl: 'REDIS_URL',
  /** Undefined: one node (`REDIS_URL`) or memory. */
  redisClusterNodes: 'REDIS_CLUSTER_NODES',
  redisPrefix: 'LADING_REDIS_PREFIX',
  /** The partitioned layout (docs/redis-layout.md). */
  logPartitions: 'LADING_LOG_PARTITIONS',
  redisMinReplicas: 'LADING_REDIS_MIN_REPLICAS',
  claimIdleMs: 'LADING_CLAIM_IDLE',
  subgraphSignatureMaxSkewMs: 'LADING_SUBGRAPH_MAX_SKEW',
  eventsMaxBytes: 'LADING_EVENTS_MAX_BYTES',
  /** Held events, retention and the event door's checks, for either runtime. */
  runtime: RUNTIME_SETTINGS,
  logLevel: 'LADING_LOG_LEVEL',
  /** Which requests get a log line of their own. */
  accessLog: ACCESS_LOG,
  shutdownTimeoutMs: 'LADING_SHUTDOWN_TIMEOUT',
  webhooks: WEBHOOK_DELIVERY,
  /** SLA rules and their scheduler (docs/governance.md). */
  governance: GOVERNANCE,
} as const satisfies OptionSource;

/** How the gateway treats calls to each subgraph (docs/degradation.md). */
export const SUBGRAPH_CALLS = {
  /** For subgraphs without a timeout of their own. */
  defaultTimeoutMs: 'LADING_SUBGRAPH_TIMEOUT',
  /** Consecutive failures or timeouts that open a subgraph's breaker. */
  breakerFailures: 'LADING_SUBGRAPH_BREAKER_FAILURES',
  /** How long an open breaker fails fast before one probe. */
  breakerCooldownMs: 'LADING_SUBGRAPH_BREAKER_COOLDOWN',
} as const satisfies OptionSource;

export type SubgraphTraffic = OptionsOf<typeof SUBGRAPH_CALLS> & {
  /** By subgraph name (`LADING_<NAME>_TIMEOUT`, only those set): a call with no complete answer by then fails with SUBGRAPH_TIMEOUT. */
  timeoutMs: Partial<Record<string, number>>;
};

/** What the configuration derives from several settings, or checks beyond one setting's parser. */
interface DerivedOptions {
  /** Every setting by its name, parsed: modules that shape options of their own read it through an OptionSource. */
  settings: SettingValues;
  /** `LADING_<NAME>_PORT`. */
  subgraphPorts: Record<SubgraphName, number>;
  /** Where the gateway reaches each subgraph: `LADING_<NAME>_URL`, else on `host` and its port. */
  subgraphUrls: Record<SubgraphName, string>;
  jwt: {
    /** `LADING_JWT_SECRET`, else the public development secret (refused when `NODE_ENV=production`). */
    secret: string;
    isDevelopmentSecret: boolean;
    /** `LADING_JWKS_URL` with `LADING_JWT_ISSUER` and `LADING_JWT_AUDIENCE` (all three together): production identity. */
    jwks: { jwksUrl: string; issuer: string; audience: string } | undefined;
  };
  /** `LADING_SUBGRAPH_SECRET`, refused when it is the public one in production; `npm start` generates one when unset. */
  subgraphSecret: SettingValues['LADING_SUBGRAPH_SECRET'];
  subgraphTraffic: SubgraphTraffic;
  /** `LADING_DEMO_DATA`; when unset (null), `npm start` loads it; a lone gateway loads it only from `stack/gateway-with-demo-data.ts` and when true. */
  demoData: boolean | null;
  /** `LADING_*` variables that are no setting: most likely misspelt, so they are warned about at start-up. */
  unknownSettings: string[];
  /** `OTEL_*`: trace export over OTLP/HTTP (docs/observability.md). */
  telemetry: TelemetrySettings;
  /** `LADING_SUPERGRAPH_PATH`, trimmed; undefined: Lading's committed supergraph (docs/any-supergraph.md). */
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

/**
 * Every setting Lading reads, parsed and checked once at start-up, shaped for the modules that use
 * them. Nothing else reads `process.env`. Names, defaults and meanings: lib/settings (one place),
 * rendered into docs/configuration.md; the options' types follow from it.
 */
export type LadingConfig = OptionsOf<typeof PLAIN_OPTIONS> & DerivedOptions;

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
  return errorPolicyFrom(s);
}

function perSubgraph<T>(read: (name: SubgraphName) => T): Record<SubgraphName, T> {
  return Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, read(name)])) as Record<SubgraphName, T>;
}

/** The configuration of this process; throws ConfigError naming each bad setting and what it accepts. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LadingConfig {
  const s = readSettings(env);
  const host = s.LADING_HOST;
  const subgraphPorts = perSubgraph((name) => s[subgraphSettingName(name, 'PORT')]);
  return {
    ...optionsFrom(PLAIN_OPTIONS, s),
    settings: s,
    subgraphPorts,
    subgraphUrls: perSubgraph(
      (name) => s[subgraphSettingName(name, 'URL')] ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${subgraphPorts[name]}/graphql`,
    ),
    jwt: jwtConfig(s),
    subgraphSecret: subgraphSecret(s),
    subgraphTraffic: subgraphTrafficFrom(s),
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

/** Timeouts and breakers of calls to subgraphs; by default the declared defaults. */
export function subgraphTrafficFrom(s: SettingValues = DEFAULTS): SubgraphTraffic {
  const timeouts = perSubgraph((name) => s[subgraphSettingName(name, 'TIMEOUT')]);
  return {
    timeoutMs: Object.fromEntries(Object.entries(timeouts).filter(([, ms]) => ms !== undefined)),
    ...optionsFrom(SUBGRAPH_CALLS, s),
  };
}
