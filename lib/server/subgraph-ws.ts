import { DEFAULTS } from '../settings';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { GraphQLError, OperationTypeNode, getOperationAST, parse, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import { ErrorCode } from '../errors';
import { decodeIdentity } from '../identity/forwarding';
import type { Identity } from '../identity/identity';
import { SeenNonces, verifyWsInit } from '../identity/ws-init-signing';
import { logSocketErrors } from './ws-socket-errors';

export interface SubgraphWsOptions<TContext> {
  /** Per-operation context for the identity the gateway forwarded in `connection_init`. */
  context(identity: Identity): TContext;
  /** `connection_init` must be signed by the gateway with this secret, recently enough. */
  trust: { secret: string; maxSkewMs?: number };
  /** Milliseconds a client has to send `connection_init` (default GATEWAY_INIT_TIMEOUT_MS). */
  connectionInitWaitTimeout?: number;
  /** Largest message accepted (default MAX_GATEWAY_MESSAGE_BYTES); larger frames are refused before they are parsed. */
  maxPayload?: number;
  /** Sockets that may wait for their `connection_init` at once (default MAX_PENDING_SOCKETS); more are closed with 1013. */
  maxPendingSockets?: number;
}

// Only the gateway connects here, and it sends its signed `connection_init` at once: these bound a stuck or
// foreign peer. What clients may do is limited at the gateway (the LADING_WS_* settings), not here.
const GATEWAY_INIT_TIMEOUT_MS = 3000;
const MAX_GATEWAY_MESSAGE_BYTES = 64 * 1024;
const MAX_PENDING_SOCKETS = 64;

/** Distinct subscription documents kept prepared: the gateway forwards one per shared subscription, so a few hundred cover every portal. */
const DOCUMENT_CACHE = 200;

/**
 * Parsed and validated documents by query text: the gateway sends the same few subscription
 * operations with different variables, so thousands of subscriptions share one AST instead of
 * holding one each.
 */
class PreparedDocuments {
  private readonly cache = new Map<string, DocumentNode | readonly GraphQLError[]>();

  constructor(private readonly schema: GraphQLSchema) {}

  prepare(query: string, operationName: string | null | undefined): DocumentNode | GraphQLError[] {
    const key = `${operationName ?? ''}\u0000${query}`;
    let prepared = this.cache.get(key);
    if (!prepared) {
      prepared = this.check(query, operationName);
      if (this.cache.size >= DOCUMENT_CACHE) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, prepared);
    }
    return 'kind' in prepared ? prepared : [...prepared];
  }

  private check(query: string, operationName: string | null | undefined): DocumentNode | readonly GraphQLError[] {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return [error as GraphQLError];
    }
    const errors = validate(this.schema, document);
    if (errors.length > 0) return errors;
    const operation = getOperationAST(document, operationName);
    if (operation && operation.operation !== OperationTypeNode.SUBSCRIPTION) {
      return [
        new GraphQLError('only subscriptions are served over this socket; send queries over HTTP', {
          extensions: { code: ErrorCode.Forbidden },
        }),
      ];
    }
    return document;
  }
}

/** WebSocket close code 1013: try again later (RFC 6455 registry). */
const TRY_AGAIN_LATER = 1013;
/** The session's signed lifetime is over: the gateway opens a new one and resumes from its cursors. */
const SESSION_EXPIRED = 4403;

/**
 * graphql-ws (`graphql-transport-ws`) on a subgraph's `/graphql`: what a federation gateway with
 * subscription support connects to. It is the gateway's door, not a client's: the identity comes in
 * a signed `connection_init` whose nonce is single-use and whose session ends at a signed expiry, and
 * only subscriptions are served (queries go over HTTP, where every request is signed).
 */
export function serveSubgraphWs<TContext extends object>(server: Server, schema: GraphQLSchema, options: SubgraphWsOptions<TContext>) {
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: options.maxPayload ?? MAX_GATEWAY_MESSAGE_BYTES });
  const nonces = new SeenNonces((options.trust.maxSkewMs ?? DEFAULTS.LADING_SUBGRAPH_MAX_SKEW) * 2);
  const pending = new Set<WebSocket>();
  const maxPending = options.maxPendingSockets ?? MAX_PENDING_SOCKETS;
  const expiries = new Set<NodeJS.Timeout>();
  const documents = new PreparedDocuments(schema);
  // Registered before useServer's own listener, so a refused socket never reaches graphql-ws.
  wss.on('connection', (socket) => {
    if (pending.size >= maxPending) return socket.close(TRY_AGAIN_LATER, 'too many connections awaiting connection_init');
    pending.add(socket);
    socket.once('close', () => pending.delete(socket));
  });
  const cleanup = useServer<Record<string, unknown>, { identity?: Identity }>(
    {
      schema,
      connectionInitWaitTimeout: options.connectionInitWaitTimeout ?? GATEWAY_INIT_TIMEOUT_MS,
      onConnect(ctx) {
        const socket = ctx.extra.socket;
        pending.delete(socket);
        const check = verifyWsInit(options.trust.secret, ctx.connectionParams ?? {}, Date.now(), options.trust.maxSkewMs);
        const identity = check.ok && nonces.claim(check.nonce) ? decodeIdentity(check.identity) : null;
        // false makes graphql-ws close with CloseCode.Forbidden (4403).
        if (!check.ok || !identity) return false;
        ctx.extra.identity = identity;
        const timer = setTimeout(() => socket.close(SESSION_EXPIRED, 'session expired'), Math.max(0, check.expiresAt - Date.now()));
        timer.unref();
        expiries.add(timer);
        socket.once('close', () => {
          clearTimeout(timer);
          expiries.delete(timer);
        });
        return true;
      },
      onSubscribe(ctx, _id, payload) {
        const prepared = documents.prepare(payload.query, payload.operationName);
        if (Array.isArray(prepared)) return prepared;
        return {
          schema,
          document: prepared,
          operationName: payload.operationName,
          variableValues: payload.variables ?? {},
          contextValue: options.context(ctx.extra.identity as Identity),
        };
      },
    },
    wss,
  );
  logSocketErrors(wss);
  return {
    async dispose() {
      for (const timer of expiries) clearTimeout(timer);
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
