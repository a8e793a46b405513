import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import express from 'express';
import type { GraphQLSchema, DocumentNode } from 'graphql';
import type { Server } from 'node:http';
import { useErrorTrace } from '../graphql/error-trace';
import { maskError } from '../graphql/mask-errors';
import { decodeIdentity, IDENTITY_HEADER } from '../identity/forwarding';
import type { Identity } from '../identity/identity';
import type { Logger } from '../logger';
import type { ReadinessChecks } from './health';
import { operationsRouter } from './health';
import { listen } from './listen';
import { jsonErrorHandler } from './json-error-handler';
import type { AccessLog } from './access-log';
import { requestLogging } from './request-logging';
import { requireGatewaySignature } from './require-gateway-signature';
import { traceIdFrom } from './trace-context';
import type { Metrics } from './metrics';
import { requestSpan } from '../telemetry/request-span';

export interface SubgraphServerOptions<TContext extends object> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Builds the per-request context, including fresh DataLoaders. */
  context(identity: Identity | null): TContext;
  /** Requests must be signed by the gateway with this secret. */
  subgraphSecret: string;
  /** Oldest (or furthest ahead) a signature's timestamp may be; default: `LADING_SUBGRAPH_MAX_SKEW`'s. */
  signatureMaxSkewMs?: number;
  readiness: ReadinessChecks;
  metrics: Metrics;
  logger: Logger;
  /** Which requests get a log line of their own (default: the settings' defaults). */
  accessLog?: AccessLog;
  /** Extra protocol endpoints on the same HTTP server (the transport subgraph's graphql-ws). */
  attach?(server: Server, schema: GraphQLSchema): { dispose(): Promise<void> };
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  dispose(): Promise<void>;
}

/** One subgraph's HTTP service: `/graphql` plus health and metrics, drained on dispose. */
export async function startSubgraphServer<TContext extends object>(options: SubgraphServerOptions<TContext>): Promise<RunningService> {
  // The schema itself is context-agnostic; the context type is enforced where resolvers are written.
  const schema = buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> }]);
  const app = express();
  app.disable('x-powered-by');
  const listening = await listen(app, options.port, options.host);
  const apollo = new ApolloServer<TContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    // Lading's process entry handles SIGINT/SIGTERM and disposes in order; Apollo must not race it.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => maskError(formatted, error, options.logger),
    plugins: [
      // The gateway passes its traceparent on, so a subgraph's masked errors name the gateway's trace.
      useErrorTrace<TContext>(({ request }) => traceIdFrom(request.http?.headers.get('traceparent'))),
      // Lading never reports to Apollo's cloud: no inline traces for a gateway to forward.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer: listening.server }),
    ],
  });
  await apollo.start();
  const extra = options.attach?.(listening.server, schema);
  const traced = requestSpan(options.name);
  if (traced) app.use(traced);
  app.use(requestLogging(options.logger, options.metrics, options.accessLog));
  app.use(operationsRouter(options.readiness, options.metrics));
  app.use(
    '/graphql',
    // Keep the exact bytes: the gateway's signature covers them.
    express.json({ limit: '1mb', verify: (req, _res, buf) => void ((req as { rawBody?: Buffer }).rawBody = buf) }),
    requireGatewaySignature(options.subgraphSecret, options.signatureMaxSkewMs),
    expressMiddleware(apollo, {
      context: async ({ req }) => options.context(decodeIdentity(req.header(IDENTITY_HEADER))),
    }),
  );
  app.use(jsonErrorHandler(options.logger));
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${listening.port}/graphql`;
  options.logger.info('subgraph listening', { url });
  return {
    name: options.name,
    url,
    port: listening.port,
    async dispose() {
      await extra?.dispose();
      await apollo.stop();
      await listening.close();
    },
  };
}
