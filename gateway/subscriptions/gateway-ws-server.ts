import type { ServiceMap } from '@apollo/gateway';
import type { ExecutionArgs, ExecutionResult, FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import { GraphQLError, OperationTypeNode } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import { ErrorCode } from '../../lib/errors';
import type { Identity } from '../../lib/identity/identity';
import type { Logger } from '../../lib/logger';
import type { Metrics } from '../../lib/server/metrics';
import { traceIdFrom } from '../../lib/server/trace-context';
import { logSocketErrors } from '../../lib/server/ws-socket-errors';
import type { GatewayLimits } from '../limits/gateway-limits';
import type { GatewayContext } from '../graphql/gateway-context';
import type { RequestPipeline } from '../pipeline';
import { TransportKind } from '../pipeline';
import type { FederatedPlanner } from './federated-planner';
import { executePlan } from './plan-executor';
import type { PrincipalConnections } from './principal-connections';
import { atExpiry } from './session-expiry';
import type { SubscriptionHub } from './subscription-hub';
import { WsUpdateSink } from './ws-update-sink';

export interface GatewayWsOptions {
  pipeline: RequestPipeline;
  planner: FederatedPlanner;
  hub: SubscriptionHub;
  serviceMap: ServiceMap;
  metrics: Metrics;
  logger: Logger;
  limits: GatewayLimits;
  /** Live connections per principal, shared with SSE and multipart. */
  connections: PrincipalConnections;
}

/** docs/contract.md §7: too many connections for this principal. */
export const TOO_MANY_CONNECTIONS = 4429;

type ConnectionState = {
  socket: WebSocket;
  identity?: Identity;
  /** Subscriptions of this connection, by operation id. */
  active?: Set<string>;
  /** Queries and mutations of this connection still executing. */
  running?: number;
};

/** An error already formatted by the pipeline, sent to the client as is. */
class FormattedError extends GraphQLError {
  constructor(private readonly formatted: GraphQLFormattedError) {
    super(formatted.message, { extensions: formatted.extensions });
  }

  override toJSON(): GraphQLFormattedError {
    return this.formatted;
  }
}

const formattedErrors = (errors: readonly GraphQLFormattedError[]) => errors.map((e) => new FormattedError(e));

/** Releases a query's slot of its connection's concurrency cap when it finishes. */
const releases = new WeakMap<object, () => void>();
/** Where a subscription's updates are written (its socket), by the operation's context. */
const sinks = new WeakMap<object, WsUpdateSink>();

/**
 * graphql-ws on the gateway's `/graphql`: the session is admitted in `connection_init` and closed with
 * 4403 when its token expires; every operation goes through the same request pipeline as HTTP and is
 * executed as a federated plan.
 */
export function serveGatewayWs(server: Server, options: GatewayWsOptions) {
  const { limits, planner, metrics, pipeline } = options;
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: limits.maxWsMessageBytes });
  const { connections } = options;
  const cleanup = useServer<Record<string, unknown>, ConnectionState>(
    {
      schema: planner.apiSchema,
      connectionInitWaitTimeout: limits.connectionInitWaitTimeoutMs,
      async onConnect(ctx) {
        const params = ctx.connectionParams ?? {};
        const admitted = await pipeline.admit({
          transport: TransportKind.GraphqlWs,
          authorization: params.authorization ?? params.Authorization,
        });
        // false makes graphql-ws close with CloseCode.Forbidden (4403), as docs/contract.md §3 asks.
        if (!admitted.ok) return false;
        const { identity, expiresAt } = admitted;
        // Over the cap: a code of its own (docs/contract.md §7), so a client can tell it from a bad token.
        if (!connections.tryOpen(identity.sub)) {
          options.logger.warn('graphql-ws connection refused: too many for this principal', {
            sub: identity.sub,
            open: connections.count(identity.sub),
          });
          ctx.extra.socket.close(
            TOO_MANY_CONNECTIONS,
            `at most ${limits.maxConnectionsPerPrincipal} connections per principal: multiplex subscriptions over one`,
          );
          return false;
        }
        ctx.extra.identity = identity;
        ctx.extra.active = new Set();
        ctx.extra.running = 0;
        const { socket } = ctx.extra;
        if (expiresAt !== undefined) {
          // The session ends with its token (docs/contract.md §7): HTTP would answer 401 from then on.
          const cancel = atExpiry(expiresAt, () => socket.close(CloseCode.Forbidden, 'token expired'));
          socket.once('close', cancel);
        }
        return true;
      },
      async onSubscribe(ctx, id, payload) {
        const identity = ctx.extra.identity as Identity;
        const prepared = await pipeline.prepare({
          transport: TransportKind.GraphqlWs,
          identity,
          query: payload.query,
          variables: payload.variables,
          operationName: payload.operationName,
          extensions: payload.extensions,
        });
        if (!prepared.ok) return formattedErrors(prepared.errors);
        const refuse = (message: string) =>
          formattedErrors(pipeline.formatErrors({ identity }, [{ message, extensions: { code: ErrorCode.RateLimited } }]));
        const subscription = prepared.operation.operation === OperationTypeNode.SUBSCRIPTION;
        // A query or mutation that asked reports its cost with its one result; updates of a subscription do not.
        const reportCost = subscription ? undefined : prepared.reportCost;
        const contextValue: GatewayContext = { identity, traceparent: prepared.traceparent, reportCost };
        if (subscription) {
          // An operation that cannot be planned fails alone; the connection and its other operations go on.
          const unplannable = options.hub.check(prepared.document, prepared.operationName, prepared.variables);
          if (unplannable) return unplannable;
          const active = ctx.extra.active as Set<string>;
          if (active.size >= limits.maxSubscriptionsPerConnection)
            return refuse(`at most ${limits.maxSubscriptionsPerConnection} subscriptions per connection`);
          active.add(id);
          metrics.activeSubscriptions.inc();
          const format = (result: ExecutionResult) => formatResultErrors(pipeline, contextValue, result);
          sinks.set(contextValue, new WsUpdateSink(ctx.extra.socket, ctx.extra.request.socket, id, format));
        } else {
          const running = ctx.extra.running ?? 0;
          if (running >= limits.maxOperationsPerConnection)
            return refuse(
              `at most ${limits.maxOperationsPerConnection} queries or mutations at once per connection; wait for one to finish`,
            );
          ctx.extra.running = running + 1;
          releases.set(contextValue, () => void (ctx.extra.running = (ctx.extra.running ?? 1) - 1));
        }
        return {
          schema: planner.apiSchema,
          document: prepared.document,
          operationName: prepared.operationName,
          variableValues: prepared.variables,
          contextValue,
        } satisfies ExecutionArgs;
      },
      async execute(args) {
        try {
          let execution;
          try {
            execution = executionOf(args, options);
          } catch (error) {
            // Fails this operation only; the planner's message names internals and stays in the log.
            options.logger.warn('operation refused: the planner cannot plan it', { operationName: args.operationName, error });
            return {
              errors: [
                new GraphQLError('this operation cannot be planned over the supergraph', { extensions: { code: ErrorCode.BadUserInput } }),
              ],
            };
          }
          const result = await executePlan(execution, execution.planned.plan);
          const report = (args.contextValue as GatewayContext).reportCost;
          return report ? { ...result, extensions: { ...result.extensions, cost: report(result.data) } } : result;
        } finally {
          releases.get(args.contextValue as object)?.();
        }
      },
      subscribe: (args) =>
        options.hub.subscribe({
          document: args.document,
          operationName: args.operationName,
          variables: args.variableValues ?? {},
          identity: (args.contextValue as GatewayContext).identity,
          // Updates are written straight to the socket, serialized once per event for all subscribers.
          sink: sinks.get(args.contextValue as object),
        }),
      onNext(_ctx, _id, _payload, args, result) {
        return result.errors ? formatResultErrors(pipeline, args.contextValue as GatewayContext, result) : result;
      },
      onComplete(ctx, id) {
        if (ctx.extra.active?.delete(id)) metrics.activeSubscriptions.dec();
      },
      onClose(ctx) {
        const sub = ctx.extra.identity?.sub;
        if (sub !== undefined) connections.close(sub);
        metrics.activeSubscriptions.dec(ctx.extra.active?.size ?? 0);
        ctx.extra.active?.clear();
      },
    },
    wss,
    // graphql-ws's own keep-alive: a ping every interval, and a client that misses its pong is terminated.
    limits.keepAliveMs,
  );
  logSocketErrors(wss, options.logger);
  return {
    /** Closes every socket with 1001 (going away), which completes its subscriptions. */
    dispose: () => cleanup.dispose(),
  };
}

/** A result's errors as this client may see them; errors of an upstream event arrive as plain objects, those of an execution as GraphQLErrors. */
function formatResultErrors(pipeline: RequestPipeline, context: GatewayContext, result: ExecutionResult): FormattedExecutionResult {
  const errors = (result.errors ?? []) as readonly (GraphQLError | GraphQLFormattedError)[];
  const formatted = errors.map((e) => (e instanceof GraphQLError ? e.toJSON() : e));
  return {
    ...result,
    errors: pipeline.formatErrors({ identity: context.identity, traceId: traceIdFrom(context.traceparent) }, formatted, errors),
  };
}

function executionOf(args: ExecutionArgs, options: GatewayWsOptions) {
  return {
    planner: options.planner,
    planned: options.planner.plan(args.document, args.operationName),
    variables: (args.variableValues ?? {}) as Record<string, unknown>,
    context: args.contextValue as GatewayContext,
    serviceMap: options.serviceMap,
    logger: options.logger,
  };
}
