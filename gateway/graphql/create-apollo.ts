import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloGateway } from '@apollo/gateway';
import type { Server } from 'node:http';
import type { Logger } from '../../lib/logger';
import type { PersistedDocuments, RequestPipeline } from '../pipeline';
import type { GatewayContext } from './gateway-context';
import { rememberOriginal, usePipelineErrors } from './use-pipeline-errors';

/**
 * Apollo Server executing the federated graph over HTTP. The request pipeline runs before it (the
 * guards, one parse and validation); Apollo reads that validated document from the pipeline's cache.
 */
export function createApollo(
  gateway: ApolloGateway,
  httpServer: Server,
  pipeline: RequestPipeline,
  logger: Logger,
  persisted: PersistedDocuments,
): ApolloServer<GatewayContext> {
  return new ApolloServer<GatewayContext>({
    gateway,
    // Apollo's own messages (e.g. its notice about the option below) go to Lading's JSON log, not the console.
    logger: apolloLogger(logger.child({ component: 'apollo' })),
    // Introspection is decided by the pipeline (service reps only).
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Lading's process entry handles SIGINT/SIGTERM and disposes in order; Apollo must not race it.
    stopOnTerminationSignals: false,
    // One operation per request: batches would multiply every limit by the batch size.
    allowBatchedHttpRequests: false,
    // Persisted queries are resolved by the pipeline (trusted documents, automatic persisted queries)
    // before the limits weigh them; Apollo finds the same documents here for a hash-only GET.
    persistedQueries: { cache: persisted.apolloCache() },
    // The pipeline parsed and validated the document already: a store hit skips Apollo's own parse and validation.
    documentStore: pipeline.documents.apolloDocumentStore(),
    // GraphQL over HTTP: variables that do not coerce are a request error (200 for application/json).
    // Apollo flags this option as deprecated; the graphql-http audit needs it until Apollo answers 200 itself.
    status400ForVariableCoercionErrors: false,
    // Every operation carries a bearer token, checked by the pipeline before Apollo sees it, and a browser sends
    // `Authorization` only after a CORS preflight: such a request cannot be a cross-site forgery, so a GET
    // without a content type (urql's default query) is served like one with Apollo's own preflight headers.
    csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    formatError: rememberOriginal,
    plugins: [
      usePipelineErrors(pipeline),
      // The explorer is served by Lading itself (works offline); Apollo's landing page loads from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
    ],
  });
}

/** Apollo's logger interface (strings in any number) over a Lading logger. */
function apolloLogger(logger: Logger) {
  const line = (parts: unknown[]) => parts.map(String).join(' ');
  return {
    debug: (...parts: unknown[]) => logger.debug(line(parts)),
    info: (...parts: unknown[]) => logger.info(line(parts)),
    warn: (...parts: unknown[]) => logger.warn(line(parts)),
    error: (...parts: unknown[]) => logger.error(line(parts)),
  };
}
