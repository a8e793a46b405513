import { ServiceMap } from '@apollo/gateway';
import { ExecutionArgs, GraphQLError, getOperationAST, parse, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { ErrorCode } from '../../lib/errors';
import { maskError } from '../../lib/graphql/mask-errors';
import { Identity, Role } from '../../lib/identity/identity';
import { Logger } from '../../lib/logger';
import { Metrics } from '../../lib/server/metrics';
import { logSocketErrors } from '../../lib/server/ws-socket-errors';
import { Authenticator } from '../auth/authenticator';
import { GatewayLimits } from '../limits/gateway-limits';
import { checkOperationLimits } from '../limits/operation-limits';
import { GatewayContext } from '../graphql/gateway-context';
import { usesIntrospection } from '../graphql/introspection-guard';
import { withoutSuggestions } from '../graphql/suggestion-masking';
import { FederatedPlanner } from './federated-planner';
import { keepAlive } from './keep-alive';
import { executePlan } from './plan-executor';
import { PrincipalConnections } from './principal-connections';
import { SubscriptionHub } from './subscription-hub';

export interface GatewayWsOptions {
  authenticate: Authenticator;
  planner: FederatedPlanner;
  hub: SubscriptionHub;
  serviceMap: ServiceMap;
  metrics: Metrics;
  logger: Logger;
  limits: GatewayLimits;
  /** Live connections per principal, shared with SSE and multipart. */
  connections: PrincipalConnections;
}

type ConnectionState = {
  identity?: Identity;
  active?: Set<string>;
};

/** WebSocket close code 1001: the endpoint is going away (RFC 6455). */
const GOING_AWAY = 1001;
/** CONTRACT §7: too many connections for this principal. */
export const TOO_MANY_CONNECTIONS = 4429;

/** graphql-ws on the gateway's `/graphql`: authenticated in `connection_init`, executed as federated plans. */
export function serveGatewayWs(server: Server, options: GatewayWsOptions) {
  const { limits } = options;
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: limits.maxWsMessageBytes });
  const stopKeepAlive = keepAlive(wss, limits.keepAliveMs);
  const { planner, metrics } = options;
  const reject = (message: string, code: ErrorCode) => [new GraphQLError(message, { extensions: { code } })];
  const { connections } = options;
  const cleanup = useServer<Record<string, unknown>, ConnectionState>(
    {
      schema: planner.apiSchema,
      connectionInitWaitTimeout: limits.connectionInitWaitTimeoutMs,
      async onConnect(ctx) {
        const params = ctx.connectionParams ?? {};
        try {
          const identity = await options.authenticate(params.authorization ?? params.Authorization);
          // Integrations may only post events (CONTRACT §3).
          if (identity.role === Role.Integration) return false;
          // Over the cap: a code of its own (CONTRACT §7), so a client can tell it from a bad token.
          if (!connections.tryOpen(identity.sub)) {
            options.logger.warn('graphql-ws connection refused: too many for this principal', { sub: identity.sub, open: connections.count(identity.sub) });
            ctx.extra.socket.close(TOO_MANY_CONNECTIONS, `at most ${limits.maxConnectionsPerPrincipal} connections per principal: multiplex subscriptions over one`);
            return false;
          }
          ctx.extra.identity = identity;
          ctx.extra.active = new Set();
          return true;
        } catch {
          // false makes graphql-ws close with CloseCode.Forbidden (4403), as CONTRACT §3 asks.
          return false;
        }
      },
      onSubscribe(ctx, id, payload) {
        const identity = ctx.extra.identity as Identity;
        let document;
        try {
          document = parse(payload.query, { maxTokens: limits.operation.maxTokens });
        } catch (error) {
          return [error as GraphQLError];
        }
        const within = checkOperationLimits(planner.apiSchema, document, payload.variables ?? {}, limits.operation);
        if (!within.ok) return reject(within.message, ErrorCode.TooComplex);
        const errors = validate(planner.apiSchema, document);
        // Suggestions reveal the schema, like introspection: service reps only.
        if (errors.length > 0) return identity.role === Role.ServiceRep ? errors : withoutSuggestions(errors);
        if (identity.role !== Role.ServiceRep && usesIntrospection(document)) return reject('introspection is for service reps only', ErrorCode.Forbidden);
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation === 'subscription') {
          // An operation that cannot be planned fails alone; the connection and its other operations go on.
          const unplannable = options.hub.check(document, payload.operationName, payload.variables ?? {});
          if (unplannable) return unplannable;
          const active = ctx.extra.active as Set<string>;
          if (active.size >= limits.maxSubscriptionsPerConnection) {
            return reject(`at most ${limits.maxSubscriptionsPerConnection} subscriptions per connection`, ErrorCode.TooComplex);
          }
          active.add(id);
          metrics.activeSubscriptions.inc();
        }
        const contextValue: GatewayContext = { identity };
        return { schema: planner.apiSchema, document, operationName: payload.operationName, variableValues: payload.variables ?? {}, contextValue } satisfies ExecutionArgs;
      },
      async execute(args) {
        let execution;
        try {
          execution = executionOf(args, options);
        } catch (error) {
          // Fails this operation only; the planner's message names internals and stays in the log.
          options.logger.warn('operation refused: the planner cannot plan it', { operationName: args.operationName, error });
          return { errors: [new GraphQLError('this operation cannot be planned over the supergraph', { extensions: { code: ErrorCode.BadUserInput } })] };
        }
        return executePlan(execution, execution.planned.plan);
      },
      subscribe: (args) =>
        options.hub.subscribe({
          document: args.document,
          operationName: args.operationName,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
          identity: (args.contextValue as GatewayContext).identity,
        }),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => maskError(e, e, options.logger)) } : result,
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
  );
  logSocketErrors(wss, options.logger);
  return {
    async dispose() {
      stopKeepAlive();
      for (const socket of wss.clients) socket.close(GOING_AWAY, 'gateway shutting down');
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
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
