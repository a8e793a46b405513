import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../lib/errors';
import { IDENTITY_HEADER, encodeIdentity } from '../../lib/identity/forwarding';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signParts } from '../../lib/identity/request-signing';
import { Metrics } from '../../lib/server/metrics';
import { GatewayContext } from '../graphql/gateway-context';

/** Sends a query-plan fetch to one subgraph with the caller's identity and trace context. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly metrics: Metrics,
    subgraphSecret: string,
  ) {
    super({ url });
    // Signed over the exact body bytes sent, which only exist once the data source serialized them.
    const send = this.fetcher;
    this.fetcher = (target, init = {}) => {
      const headers = { ...(init.headers as Record<string, string>) };
      const timestamp = String(Date.now());
      headers[TIMESTAMP_HEADER] = timestamp;
      headers[SIGNATURE_HEADER] = signParts(subgraphSecret, { timestamp, identity: headers[IDENTITY_HEADER] ?? '', body: String(init.body ?? '') });
      return send(target, { ...init, headers });
    };
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!request.http || !('identity' in context) || !context.identity) return;
    request.http.headers.set(IDENTITY_HEADER, encodeIdentity(context.identity));
    if (context.traceparent) request.http.headers.set('traceparent', context.traceparent);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const stop = this.metrics.subgraphDuration.startTimer({ subgraph: this.subgraph });
    try {
      return await super.process(options);
    } finally {
      stop();
    }
  }

  /** A subgraph that cannot be reached is named, so the client knows which part is missing. */
  override didEncounterError(error: Error): void {
    if (error instanceof GraphQLError && error.extensions?.code) throw error;
    throw new GraphQLError(`subgraph ${this.subgraph} is unavailable`, {
      extensions: { code: ErrorCode.SubgraphUnavailable, subgraph: this.subgraph },
    });
  }
}
