import { Role } from '../identity/identity';
import { bytes, count, duration, list, positiveDuration, text } from './kinds';
import { perRole, perRoleText } from './per-role';
import { perSubgraph } from './per-subgraph';
import { optional, setting } from './setting';
import { trustedDocumentsPolicy } from './trusted-documents-policy';

/**
 * Budgets per role (docs/request-pipeline.md, "Cost and budgets"), in cost units of the IBM cost
 * directives. A service rep's explorer and a rep paging the whole data set 50 at a time, a customer's
 * portal and a portal backend opening a few hundred subscriptions at once all fit; a customer's heavy
 * flood is slowed to what its budget refills.
 */
const MAX_COST = { [Role.Customer]: 5000, [Role.ServiceRep]: 50000, [Role.Integration]: 1000 };
const RATE = { [Role.Customer]: 50, [Role.ServiceRep]: 500, [Role.Integration]: 50 };
const BURST = { [Role.Customer]: 600, [Role.ServiceRep]: 5000, [Role.Integration]: 100 };

/** What one GraphQL operation may ask for (docs/request-pipeline.md). */
export const QUERY_SETTINGS = {
  LADING_MAX_BODY_BYTES: setting(bytes, '1MiB', { group: 'queries', doc: 'Largest GraphQL request body (413 beyond).' }),
  LADING_MAX_DEPTH: setting(count, '15', { group: 'queries', doc: 'Deepest selection an operation may nest.' }),
  LADING_MAX_ALIASES: setting(count, '30', { group: 'queries', doc: 'Most aliases in one operation.' }),
  LADING_MAX_DIRECTIVES: setting(count, '50', { group: 'queries', doc: 'Most directives in one operation.' }),
  LADING_MAX_TOKENS: setting(count, '5000', { group: 'queries', doc: 'Most lexical tokens in one document, checked before it is parsed.' }),
  LADING_MAX_COST: setting(perRole(count, MAX_COST), perRoleText(MAX_COST), {
    group: 'queries',
    doc: 'Highest estimated cost of one operation, per role (QUERY_TOO_COMPLEX beyond); costs come from `@cost`/`@listSize` in the subgraph SDLs.',
  }),
  LADING_COST_LIST_SIZE: setting(count, '10', {
    group: 'queries',
    doc: 'Items the cost estimate assumes for a list the schema does not size with `@listSize`.',
  }),
  LADING_COST_ENTITY_WEIGHT: setting(count, '1', {
    group: 'queries',
    doc: "Weight of each item an operation carries into another subgraph (an `_entities` representation): the gateway's own work, beside the subgraphs' `@cost`.",
  }),
  LADING_DOCUMENT_CACHE_SIZE: setting(count, '1000', { group: 'queries', doc: 'Distinct documents kept parsed and validated.' }),
  LADING_CORS_ORIGINS: optional(list, 'none: no CORS headers', {
    group: 'queries',
    doc: 'Portal origins allowed by CORS, comma-separated.',
  }),
  LADING_TRUSTED_DOCUMENTS: optional(
    trustedDocumentsPolicy,
    'customer=enforce when NODE_ENV=production, else customer=log; service_rep=off',
    {
      group: 'queries',
      doc: "Which operations each role may run: `off` (any, with automatic persisted queries), `log` (any; those missing from the manifest are logged), `enforce` (only the manifest's).",
    },
  ),
  LADING_TRUSTED_DOCUMENTS_PATH: optional(text, 'no manifest: no role may be enforced', {
    group: 'queries',
    doc: 'The trusted documents: an Apollo persisted query manifest (`apollo-persisted-query-manifest`, version 1); checked against the schema at start.',
  }),
  LADING_PUBLIC_ERROR_CODES: optional(list, 'only the codes listed in docs/request-pipeline.md', {
    group: 'queries',
    doc: "More `extensions.code` values (a subgraph's own) whose errors reach clients with their message; any other error without a public code is masked.",
  }),
};

/** Per-principal budgets (docs/request-pipeline.md). */
export const RATE_SETTINGS = {
  LADING_RATE_LIMIT_RPS: setting(perRole(count, RATE), perRoleText(RATE), {
    group: 'rate',
    main: true,
    doc: "Tokens per second refilling each principal's bucket, per role.",
  }),
  LADING_RATE_LIMIT_BURST: setting(perRole(count, BURST), perRoleText(BURST), {
    group: 'rate',
    main: true,
    doc: "Size of each principal's bucket, per role: what it may spend at once after being idle.",
  }),
  LADING_RATE_COST_PER_TOKEN: setting(count, '10', {
    group: 'rate',
    doc: 'Estimated cost one token pays for: a single shipment is 1 token, a page of 50 shipments across subgraphs tens.',
  }),
  LADING_RATE_LIMIT_PACE: setting(duration, '1s', {
    group: 'rate',
    doc: 'Longest a 429 is held before it is answered, never past its Retry-After; 0 answers at once.',
  }),
};

/** Live connections over graphql-ws, SSE and multipart (docs/subscriptions.md). */
export const LIVE_SETTINGS = {
  LADING_WS_INIT_TIMEOUT: setting(positiveDuration, '3s', {
    group: 'live',
    doc: 'How long a graphql-ws client has to send `connection_init`.',
  }),
  LADING_WS_PING_INTERVAL: setting(positiveDuration, '15s', {
    group: 'live',
    doc: 'How often the gateway pings a graphql-ws client, so idle proxies keep the connection and dead peers are noticed.',
  }),
  LADING_WS_MAX_SUBSCRIPTIONS: setting(count, '500', {
    group: 'live',
    doc: "Subscriptions one graphql-ws connection may hold: a portal backend multiplexes its users' subscriptions over one.",
  }),
  LADING_WS_MAX_OPERATIONS: setting(count, '10', {
    group: 'live',
    doc: 'Queries and mutations one graphql-ws connection may run at once (one more gets RATE_LIMITED).',
  }),
  LADING_WS_MAX_CONNECTIONS: setting(count, '100', {
    group: 'live',
    doc: 'Live connections one principal may hold over all transports; over it graphql-ws closes with 4429, HTTP answers 429.',
  }),
  LADING_WS_MAX_MESSAGE_BYTES: setting(bytes, '64KiB', { group: 'live', doc: 'Largest graphql-ws message.' }),
  LADING_SUBSCRIPTION_BUFFER: setting(count, '1000', {
    group: 'live',
    doc: 'Undelivered updates one subscriber may have; past it, only the latest update of each shipment waits, and past as many shipments waiting UPDATES_MISSED ends the subscription.',
  }),
};

/** How the gateway treats each subgraph (docs/degradation.md). */
export const SUBGRAPH_CALL_SETTINGS = {
  LADING_SUBGRAPH_TIMEOUT: setting(positiveDuration, '5s', {
    group: 'subgraphs',
    main: true,
    doc: 'A subgraph call without a complete answer by then fails with SUBGRAPH_TIMEOUT.',
  }),
  ...perSubgraph('TIMEOUT', (name) =>
    optional(positiveDuration, 'LADING_SUBGRAPH_TIMEOUT', { group: 'subgraphs', doc: `The timeout of calls to the ${name} subgraph.` }),
  ),
  LADING_SUBGRAPH_BREAKER_FAILURES: setting(count, '5', {
    group: 'subgraphs',
    doc: "Consecutive failures or timeouts that open a subgraph's circuit breaker.",
  }),
  LADING_SUBGRAPH_BREAKER_COOLDOWN: setting(positiveDuration, '2s', {
    group: 'subgraphs',
    doc: 'How long an open breaker fails fast before one probe call.',
  }),
};
