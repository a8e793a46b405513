import { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { decodeIdentity, IDENTITY_HEADER } from '../identity/forwarding';
import { Identity } from '../identity/identity';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyParts } from '../identity/request-signing';

export interface SubgraphWsOptions<TContext> {
  /** Per-operation context for the identity the gateway forwarded in `connection_init`. */
  context(identity: Identity): TContext;
  /** `connection_init` must be signed by the gateway with this secret, recently enough. */
  trust: { secret: string; maxSkewMs?: number };
  /** Milliseconds a client has to send `connection_init`. */
  connectionInitWaitTimeout: number;
}

/**
 * graphql-ws (`graphql-transport-ws`) on a subgraph's `/graphql`: what a federation gateway with
 * subscription support connects to. The identity comes in the `connection_init` payload.
 */
export function serveSubgraphWs<TContext extends object>(server: Server, schema: GraphQLSchema, options: SubgraphWsOptions<TContext>) {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const cleanup = useServer<Record<string, unknown>, { identity?: Identity }>(
    {
      schema,
      connectionInitWaitTimeout: options.connectionInitWaitTimeout,
      onConnect(ctx) {
        const params = ctx.connectionParams ?? {};
        const value = typeof params[IDENTITY_HEADER] === 'string' ? (params[IDENTITY_HEADER] as string) : '';
        const signed = verifyParts(options.trust.secret, { timestamp: String(params[TIMESTAMP_HEADER] ?? ''), identity: value, body: '' }, params[SIGNATURE_HEADER], Date.now(), options.trust.maxSkewMs);
        const identity = signed.ok ? decodeIdentity(value) : null;
        // false makes graphql-ws close with CloseCode.Forbidden (4403).
        if (!identity) return false;
        ctx.extra.identity = identity;
        return true;
      },
      context: (ctx) => options.context(ctx.extra.identity as Identity),
    },
    wss,
  );
  return {
    async dispose() {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
