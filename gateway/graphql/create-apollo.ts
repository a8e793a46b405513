import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import { Server } from 'node:http';
import { useErrorTrace } from '../../lib/graphql/error-trace';
import { maskError } from '../../lib/graphql/mask-errors';
import { Logger } from '../../lib/logger';
import { traceIdFrom } from '../../lib/server/trace-context';
import { GatewayContext } from './gateway-context';
import { useIntrospectionGuard } from './introspection-guard';
import { useSuggestionMasking } from './suggestion-masking';

/** Apollo Server executing the federated graph over HTTP. */
export function createApollo(gateway: ApolloGateway, httpServer: Server, logger: Logger): ApolloServer<GatewayContext> {
  return new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Lading's process entry handles SIGINT/SIGTERM and disposes in order; Apollo must not race it.
    stopOnTerminationSignals: false,
    // One operation per request: batches would multiply every limit by the batch size.
    allowBatchedHttpRequests: false,
    // A hash-only persisted query reaches Apollo without its document, so the operation limits could
    // not weigh it against the variables it is sent with; portals send the document.
    persistedQueries: false,
    formatError: (formatted, error) => maskError(formatted, error, logger),
    plugins: [
      useErrorTrace<GatewayContext>(({ contextValue }) => traceIdFrom(contextValue.traceparent)),
      useIntrospectionGuard(),
      useSuggestionMasking(),
      // The explorer is served by Lading itself (works offline); Apollo's landing page loads from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
    ],
  });
}
