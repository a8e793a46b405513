import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { Logger } from '../lib/logger';
import type { Runtime } from '../lib/runtime/runtime';
import { operationsRouter } from '../lib/server/health';
import type { StartupGate } from '../lib/server/startup-gate';
import type { AccessLog } from '../lib/server/access-log';
import { requestLogging } from '../lib/server/request-logging';
import { listen } from '../lib/server/listen';
import { jsonErrorHandler } from '../lib/server/json-error-handler';
import { Metrics } from '../lib/server/metrics';
import type { RunningService } from '../lib/server/subgraph-server';
import type { Authenticator } from './auth/authenticator';
import { createDataSources, createFederatedGateway, disposeDataSources } from './federation/create-gateway';
import type { SubgraphTraffic } from './federation/subgraph-traffic';
import { subgraphTrafficFrom } from '../lib/config';
import { optionsFrom } from '../lib/settings';
import { subgraphReadiness } from './federation/subgraph-readiness';
import { createApollo } from './graphql/create-apollo';
import { sseOperation } from './graphql/sse-operation';
import { executePrepared } from './graphql/execute-prepared';
import { contextOf, graphqlOverHttp } from './graphql/graphql-over-http';
import { eventsRouter } from './ingest/events-router';
import { carrierRouter } from './ingest/carrier-router';
import type { GatewayLimits } from './limits/gateway-limits';
import { GATEWAY_LIMITS } from './limits/gateway-limits';
import { bodyLimit } from './limits/body-limit';
import { cors } from './limits/cors';
import type { ErrorPolicy } from '../lib/graphql/error-policy';
import type { TrustedDocumentsSetup } from './pipeline';
import { PersistedDocuments, gatewayPipeline } from './pipeline';
import { FederatedPlanner } from './subscriptions/federated-planner';
import { serveGatewayWs } from './subscriptions/gateway-ws-server';
import { httpSubscriptions } from './subscriptions/http/http-subscriptions';
import { singleConnectionSse } from './subscriptions/http/single-connection';
import { PrincipalConnections } from './subscriptions/principal-connections';
import { REPLAYS_PER_PRINCIPAL, ReplayBudget } from './subscriptions/replay-budget';
import { SubscriptionHub } from './subscriptions/subscription-hub';
import { UpstreamSubscriptions } from './subscriptions/upstream-subscriptions';
import { explorerRouter } from './explorer/explorer-router';
import { freshnessForReadiness, freshnessRouter, registerFreshnessMetrics } from './operations/freshness';
import { operationsPageRouter } from './operations/operations-router';
import { notFound } from '../lib/server/not-found';
import { requestSpan } from '../lib/telemetry/request-span';
import { subgraphBoundaries } from './limits/subgraph-boundaries';
import { costDirectives } from './limits/cost-directives';
import type { Role } from '../lib/identity/identity';
import { ALL_ROLES } from '../lib/identity/identity';
import type { RateLimiter } from '../lib/rate-limit/rate-limiter';
import { rateLimitFor } from '../lib/rate-limit/rate-limiter';
import { PACING_BOUNDS, RefusalPacer } from './pipeline/refusal-pacer';

export interface GatewayOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  supergraphSdl: string;
  /** By subgraph name, one per `@join__graph` of the supergraph. */
  subgraphUrls: Record<string, string>;
  /**
   * Whether readiness waits for each subgraph's `/health/ready` (default true). Off for a supergraph
   * that is not Lading's: its subgraphs need not serve that path.
   */
  subgraphReadiness?: boolean;
  authenticate: Authenticator;
  runtime: Runtime;
  eventsMaxBytes: number;
  /** Shared with the subgraphs: every subgraph request is signed with it. */
  subgraphSecret: string;
  /** Each limit left out: its setting's default. */
  limits?: Partial<GatewayLimits>;
  /** Timeouts and circuit breakers per subgraph; each left out: its setting's default. */
  subgraphTraffic?: Partial<SubgraphTraffic>;
  /** The trusted documents and each role's mode (default: none listed, nothing enforced). */
  trustedDocuments?: TrustedDocumentsSetup;
  /** Which errors keep their message (default: Lading's public codes only). */
  errorPolicy?: ErrorPolicy;
  /** Which requests get a log line of their own; left out: the settings' defaults (errors and slow requests only). */
  accessLog?: AccessLog;
  /** Start-up work (demo data) readiness waits for. */
  startup?: StartupGate;
  logger: Logger;
}

/** The only door: GraphQL over HTTP, `POST /events`, health and metrics on one port. */
export async function start(options: GatewayOptions): Promise<RunningService> {
  const logger = options.logger.child({ service: 'gateway' });
  const limits: GatewayLimits = { ...optionsFrom(GATEWAY_LIMITS), ...options.limits };
  const metrics = new Metrics('gateway');
  const app = express();
  app.disable('x-powered-by');
  const listening = await listen(app, options.port, options.host);
  const dataSources = createDataSources(options.subgraphUrls, metrics, options.subgraphSecret, {
    ...subgraphTrafficFrom(),
    ...options.subgraphTraffic,
  });
  const planner = new FederatedPlanner(options.supergraphSdl);
  // One bucket per principal, sized by its role.
  const limiters = new Map(ALL_ROLES.map((role) => [role, options.runtime.rateLimiter(rateLimitFor(limits.rate, role))]));
  const rateLimiter = (role: Role) => limiters.get(role) as RateLimiter;
  // One pipeline of guards for every transport: HTTP, SSE and multipart here, graphql-ws below.
  const pacer = new RefusalPacer({ ...PACING_BOUNDS, maxDelayMs: limits.refusalPaceMs });
  const persisted = new PersistedDocuments(options.trustedDocuments, limits.documentCacheSize);
  const pipeline = gatewayPipeline({
    schema: planner.apiSchema,
    authenticate: options.authenticate,
    rateLimiter,
    limits,
    logger,
    boundaries: subgraphBoundaries(options.supergraphSdl),
    costDirectives: costDirectives(options.supergraphSdl),
    pacer,
    persisted,
    errorPolicy: options.errorPolicy,
  });
  const apollo = createApollo(createFederatedGateway(options.supergraphSdl, dataSources), listening.server, pipeline, logger, persisted);
  await apollo.start();
  const upstream = new UpstreamSubscriptions(options.subgraphUrls, options.subgraphSecret);
  metrics.gaugeFrom(
    'lading_subscription_upstreams',
    'Subscriptions the gateway holds open to subgraphs (shared by its subscribers)',
    async () => upstream.open,
  );
  const replays = new ReplayBudget(REPLAYS_PER_PRINCIPAL, rateLimiter);
  const hub = new SubscriptionHub(planner, dataSources, upstream, logger, {
    maxBufferedUpdates: limits.maxBufferedUpdates,
    replays,
    onTick: (updates) => {
      metrics.subscriptionTicks.inc();
      metrics.subscriptionUpdatesResolved.inc(updates);
    },
  });
  const connections = new PrincipalConnections(limits.maxConnectionsPerPrincipal);
  const ws = serveGatewayWs(listening.server, {
    connections,
    pipeline,
    planner,
    hub,
    serviceMap: dataSources,
    metrics,
    logger,
    limits,
  });

  const traced = requestSpan('gateway');
  if (traced) app.use(traced);
  app.use(requestLogging(logger, metrics, options.accessLog));
  app.use(cors(limits.corsOrigins ?? []));
  const startup = options.startup;
  app.use(
    operationsRouter(
      {
        eventLog: () => options.runtime.ping(),
        ...(options.subgraphReadiness !== false && subgraphReadiness(options.subgraphUrls)),
        ...(startup && { startup: () => startup.check() }),
      },
      metrics,
      async () => ({ sync: await freshnessForReadiness(options.runtime.pipeline.freshness) }),
    ),
  );
  // Every other door passes the same guards as GraphQL: the one pipeline, with the door naming its role.
  app.use(
    eventsRouter({
      pipeline,
      ingestor: options.runtime.pipeline.ingestor,
      maxBytes: options.eventsMaxBytes,
      metrics,
      logger,
    }),
  );
  const { ingestor, deadLetters, shipments } = options.runtime.pipeline;
  app.use(carrierRouter({ pipeline, ingestor, deadLetters, shipments, maxBytes: options.eventsMaxBytes, metrics, logger }));
  app.use(explorerRouter());
  app.use(operationsPageRouter({ pipeline, metrics }));
  app.use(freshnessRouter(pipeline, options.runtime.pipeline.freshness, metrics));
  registerFreshnessMetrics(metrics, options.runtime.pipeline.freshness);
  const execute = executePrepared(apollo);
  const singleConnection = singleConnectionSse({
    pipeline,
    hub,
    connections,
    execute,
    maxOperations: limits.maxSubscriptionsPerConnection,
    metrics,
    logger,
  });
  app.use(
    '/graphql',
    singleConnection.door,
    bodyLimit('json', limits.maxBodyBytes),
    graphqlOverHttp(pipeline),
    singleConnection.operations,
    httpSubscriptions({ hub, connections, metrics, logger }),
    sseOperation(execute),
    expressMiddleware(apollo, { context: async ({ res }) => contextOf(res) }),
  );
  app.use(notFound);
  app.use(jsonErrorHandler(logger));
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${listening.port}/graphql`;
  logger.info('gateway listening', { url });
  return {
    name: 'gateway',
    url,
    port: listening.port,
    /** Completes subscriptions first, then drains HTTP. */
    async dispose() {
      pacer.dispose();
      await ws.dispose();
      await hub.dispose();
      singleConnection.dispose();
      await upstream.dispose();
      await apollo.stop();
      await listening.close();
      await disposeDataSources(dataSources);
    },
  };
}
