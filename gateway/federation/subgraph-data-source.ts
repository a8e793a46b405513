import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { SubgraphTimeoutError, SubgraphUnavailableError } from '../../lib/errors';
import { IDENTITY_HEADER, encodeIdentity } from '../../lib/identity/forwarding';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signParts } from '../../lib/identity/request-signing';
import type { Metrics } from '../../lib/server/metrics';
import { activeTraceparent } from '../../lib/telemetry/tracing';
import type { GatewayContext } from '../graphql/gateway-context';
import { BreakerState, CircuitBreaker } from '../../lib/resilience/circuit-breaker';
import { SubgraphCallError, SubgraphHttp } from './subgraph-http';

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  metrics: Metrics;
  subgraphSecret: string;
  timeoutMs: number;
  breakerFailures: number;
  breakerCooldownMs: number;
}

/**
 * Sends a query-plan fetch to one subgraph with the caller's identity and trace context, signed over
 * the exact body bytes, through the subgraph's own pool, timeout and circuit breaker. Every failure
 * becomes SUBGRAPH_TIMEOUT or SUBGRAPH_UNAVAILABLE naming the subgraph; the executor puts it in
 * `errors` and nulls only the fields that subgraph would have served.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly http: SubgraphHttp;
  readonly breaker: CircuitBreaker;

  constructor(private readonly options: SubgraphDataSourceOptions) {
    const { name, metrics } = options;
    this.http = new SubgraphHttp(options.url, { timeoutMs: options.timeoutMs });
    metrics.subgraphBreakerState.set({ subgraph: name }, BreakerState.Closed);
    this.breaker = new CircuitBreaker({
      failureThreshold: options.breakerFailures,
      cooldownMs: options.breakerCooldownMs,
      onStateChange: (state) => metrics.subgraphBreakerState.set({ subgraph: name }, state),
    });
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayResponse> {
    const { name, metrics } = this.options;
    if (!this.breaker.tryAcquire()) {
      metrics.subgraphFailures.inc({ subgraph: name, reason: 'breaker_open' });
      throw new SubgraphUnavailableError(name, 'circuit breaker open after repeated failures');
    }
    const stop = metrics.subgraphDuration.startTimer({ subgraph: name });
    try {
      const body = this.body(request);
      // A read may be sent twice if its socket dies on the way; a mutation never is.
      const reply = await this.http.post(this.headers(context, body), body, !request.query?.startsWith('mutation'));
      if (reply.status >= 500) throw new SubgraphCallError('status', `answered HTTP ${reply.status}`);
      const parsed = this.parse(reply.status, reply.body);
      this.breaker.onSuccess();
      return parsed;
    } catch (error) {
      if (!(error instanceof SubgraphCallError)) {
        // The subgraph answered, but not usefully (4xx, not JSON): its fault, not a sign it is down.
        this.breaker.onSuccess();
        throw error;
      }
      this.breaker.onFailure();
      if (error.kind === 'timeout') {
        metrics.subgraphTimeouts.inc({ subgraph: name });
        metrics.subgraphFailures.inc({ subgraph: name, reason: 'timeout' });
        throw new SubgraphTimeoutError(name, this.http.timeoutMs);
      }
      metrics.subgraphFailures.inc({ subgraph: name, reason: error.kind });
      throw new SubgraphUnavailableError(name);
    } finally {
      stop();
    }
  }

  private body(request: GraphQLDataSourceProcessOptions['request']): string {
    const { query, variables, operationName, extensions } = request;
    return JSON.stringify(extensions ? { query, variables, operationName, extensions } : { query, variables, operationName });
  }

  /** Identity, trace context and the signature over the exact body bytes sent (lib/identity/request-signing.ts). */
  private headers(context: Partial<GatewayContext>, body: string): Record<string, string> {
    const identity = context.identity ? encodeIdentity(context.identity) : '';
    const timestamp = String(Date.now());
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signParts(this.options.subgraphSecret, { timestamp, identity, body }),
    };
    if (identity) headers[IDENTITY_HEADER] = identity;
    // With tracing on, the subgraph's span is a child of @apollo/gateway's `gateway.fetch` span, active here.
    const traceparent = activeTraceparent() ?? context.traceparent;
    if (traceparent) headers.traceparent = traceparent;
    return headers;
  }

  private parse(status: number, text: string): GatewayResponse {
    // 4xx: the subgraph refused the request itself (a signature it did not accept); not a sign it is down.
    if (status >= 400) throw new SubgraphUnavailableError(this.options.name, `refused the request (HTTP ${status})`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!body || typeof body !== 'object') throw new SubgraphUnavailableError(this.options.name, 'answered without a GraphQL result');
    return body;
  }

  async dispose(): Promise<void> {
    await this.http.dispose();
  }
}
