import type { SubgraphName } from '../subgraph-names';
import { syncClassOverrides } from './sync-class-overrides';
import { bytes, choice, count, flag, globs, hostPorts, positiveDuration, port, ratio, text, url, whole } from './kinds';
import { perSubgraph } from './per-subgraph';
import { optional, setting } from './setting';

/** The contract's ports (docs/contract.md §2). */
const SUBGRAPH_PORTS: Record<SubgraphName, string> = {
  orders: '4001',
  warehouse: '4002',
  transport: '4003',
  finance: '4004',
  governance: '4005',
};

/** Where each process listens, how it starts and stops, and what it logs. */
export const PROCESS_SETTINGS = {
  LADING_HOST: setting(text, '127.0.0.1', {
    group: 'process',
    main: true,
    doc: 'Interface every server listens on; 0.0.0.0 makes them reachable from other machines.',
  }),
  LADING_GATEWAY_PORT: setting(port, '4000', {
    group: 'process',
    main: true,
    doc: 'Port of the gateway: GraphQL, `/events`, health, metrics, explorer.',
  }),
  ...perSubgraph('PORT', (name) =>
    setting(port, SUBGRAPH_PORTS[name], { group: 'process', main: true, doc: `Port of the ${name} subgraph.` }),
  ),
  ...perSubgraph('URL', (name) =>
    optional(url('http:', 'https:'), `\`http://<LADING_HOST>:<LADING_${name.toUpperCase()}_PORT>/graphql\``, {
      group: 'process',
      doc: `Where a lone gateway reaches the ${name} subgraph (\`npm start\` uses the ones it starts).`,
    }),
  ),
  LADING_DEMO_DATA: optional(flag, '`npm start` loads it, a lone gateway does not', {
    group: 'process',
    main: true,
    doc: 'Whether to load the deterministic demo data.',
  }),
  LADING_LOG_LEVEL: setting(choice('debug', 'info', 'warn', 'error'), 'info', {
    group: 'process',
    main: true,
    doc: 'Least severe JSON log line written.',
  }),
  LADING_ACCESS_LOG_SAMPLE: setting(ratio, '0', {
    group: 'process',
    doc: 'Share of successful, fast requests logged as an `info` line each (0: none; 1: every one). Failed (5xx) and slow requests are always logged; every request is counted in `lading_http_request_duration_seconds`.',
  }),
  LADING_SLOW_REQUEST: setting(positiveDuration, '1s', {
    group: 'process',
    doc: 'A request that takes at least this long is logged (`warn`) whatever the sample.',
  }),
  LADING_SHUTDOWN_TIMEOUT: setting(positiveDuration, '10s', {
    group: 'process',
    doc: 'How long SIGTERM waits for HTTP to drain, subscriptions to complete and Redis to close before the process exits anyway.',
  }),
};

export const REDIS_SETTINGS = {
  REDIS_URL: optional(text, 'the embedded in-memory mode (one process)', {
    group: 'redis',
    main: true,
    doc: 'Keep state, the event log, the change streams, deduplication, held events and dead letters in this Redis, so any service can run as several instances.',
  }),
  REDIS_CLUSTER_NODES: optional(hostPorts, 'REDIS_URL (one node), else the embedded in-memory mode', {
    group: 'redis',
    main: true,
    doc: 'Seed nodes of a Redis Cluster to keep everything in instead of one node (docs/redis-layout.md); every slot must be served at start.',
  }),
  LADING_REDIS_PREFIX: setting(text, 'lading', {
    group: 'redis',
    doc: 'Prefix of every Redis key and channel: several Lading deployments can share one Redis.',
  }),
  LADING_LOG_PARTITIONS: setting(whole(1, 1024), '16', {
    group: 'redis',
    doc: "Partitions of the event log and of every subgraph's state, by aggregate; recorded in Redis at first start, and a start with another count is refused.",
  }),
  LADING_REDIS_MIN_REPLICAS: setting(choice('auto', '0', '1', '2', '3', '4', '5'), 'auto', {
    group: 'redis',
    doc: 'Replicas an accepted event must reach before `202` (Redis WAIT), else `503`; `auto`: 1 for a shard that has a replica now (a master promoted by a failover accepts again before a replica joins it), else 0.',
  }),
};

export const IDENTITY_SETTINGS = {
  LADING_JWT_SECRET: optional(text, 'a public development secret (a warning is logged; refused when NODE_ENV=production)', {
    group: 'identity',
    main: true,
    doc: 'HS256 secret tokens are signed and checked with (development); `npm run token` signs with it too.',
  }),
  LADING_JWKS_URL: optional(url('https:', 'http:'), 'HS256 with LADING_JWT_SECRET', {
    group: 'identity',
    main: true,
    doc: 'Production identity: check tokens against this JWKS; needs LADING_JWT_ISSUER and LADING_JWT_AUDIENCE.',
  }),
  LADING_JWT_ISSUER: optional(text, 'required with LADING_JWKS_URL', {
    group: 'identity',
    main: true,
    doc: 'The `iss` a JWKS-checked token must carry.',
  }),
  LADING_JWT_AUDIENCE: optional(text, 'required with LADING_JWKS_URL', {
    group: 'identity',
    main: true,
    doc: 'The `aud` a JWKS-checked token must carry.',
  }),
  LADING_SUBGRAPH_SECRET: optional(text, '`npm start` generates one; separate processes refuse to start', {
    group: 'identity',
    main: true,
    doc: 'Secret the gateway signs every subgraph request with; subgraphs answer nothing else.',
  }),
  LADING_SUBGRAPH_MAX_SKEW: setting(positiveDuration, '60s', {
    group: 'identity',
    doc: "How old (or how far ahead) a gateway signature's timestamp may be before a subgraph refuses it as stale.",
  }),
  NODE_ENV: optional(text, 'not production', {
    group: 'identity',
    doc: '`production` refuses the public development secrets (JWT and docker-compose subgraph secret).',
  }),
};

export const EVENT_SETTINGS = {
  LADING_HOLD_TTL: setting(positiveDuration, '24h', {
    group: 'events',
    main: true,
    doc: 'How long an event waits for its aggregate before it is dead-lettered as `orphan`.',
  }),
  LADING_EVENT_RETENTION: setting(positiveDuration, '7d', {
    group: 'events',
    main: true,
    doc: 'How long deduplication entries, applied markers, applied log entries and change stream entries are kept: resume, replay and duplicate detection work within it.',
  }),
  LADING_CLAIM_IDLE: setting(positiveDuration, '60s', {
    group: 'events',
    doc: 'Redis mode: an event pending this long with a consumer that is alive but stuck is claimed by another (a dead one loses its events within seconds).',
  }),
  LADING_EVENTS_MAX_BYTES: setting(bytes, '5MiB', {
    group: 'events',
    main: true,
    doc: 'Largest body of `POST /events`, `POST /edi/x12-214` (one interchange) and `POST /dcsa/events` (413 beyond).',
  }),
  LADING_EVENT_MAX_BYTES: setting(bytes, '256KiB', { group: 'events', doc: "Largest single event, as its JSON text's length." }),
  LADING_EVENT_MAX_DEPTH: setting(count, '32', {
    group: 'events',
    doc: 'Deepest nesting of arrays and objects in one event, the envelope being level 1.',
  }),
  LADING_EVENT_MAX_ARRAY: setting(count, '1000', { group: 'events', doc: 'Most elements in one array of an event.' }),
  LADING_INTEGRATION_SOURCES: setting(globs, '*', {
    group: 'events',
    doc: 'Sources an integration token without a `sources` claim may emit (`urn:lading:*` is refused whatever this says).',
  }),
  LADING_INTEGRATION_EVENT_TYPES: setting(globs, '*', {
    group: 'events',
    doc: 'Event types an integration token without an `event_types` claim may emit.',
  }),
  LADING_SYNC_CLASSES: optional(
    syncClassOverrides,
    'every event type keeps its documented class (docs/events.md#synchronisation-classes)',
    {
      group: 'events',
      doc: "Overrides of event types' synchronisation classes (`realtime`, `near_realtime`, `bulk`), per type, per source or both: `type=class`, `source|type=class`, `source|*=class`, comma-separated.",
    },
  ),
  LADING_SYNC_LAG_REALTIME: setting(positiveDuration, '1s', {
    group: 'events',
    doc: 'Lag of the real-time class past which `/health/ready` and the operations page report it stale. Real-time events are never refused for lag.',
  }),
  LADING_SYNC_LAG_NEAR_REALTIME: setting(positiveDuration, '10s', {
    group: 'events',
    doc: 'Lag of the near-real-time class past which requests carrying only near-real-time and bulk events are answered `429` with `Retry-After`.',
  }),
  LADING_SYNC_MAX_INFLIGHT: setting(count, '4', {
    group: 'events',
    doc: 'Ingest requests without a real-time event one gateway stores at once; more are answered `429` with `Retry-After: 1`, so bulk senders never take the door from real-time events.',
  }),
  LADING_SYNC_LAG_BULK: setting(positiveDuration, '30s', {
    group: 'events',
    doc: 'Lag of the bulk class past which requests carrying only bulk events are answered `429` with `Retry-After`.',
  }),
};
