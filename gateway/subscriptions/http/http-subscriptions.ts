import type { RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../lib/errors';
import type { Logger } from '../../../lib/logger';
import type { Metrics } from '../../../lib/server/metrics';
import { preparedOf } from '../../graphql/graphql-over-http';
import { acceptedStream } from '../../graphql/stream-negotiation';
import { TransportKind } from '../../pipeline';
import type { PrincipalConnections } from '../principal-connections';
import type { SubscriptionHub } from '../subscription-hub';
import { prepareSubscription } from './prepare-subscription';
import type { StreamWriter } from './stream-writers';
import { multipartWriter, sseWriter } from './stream-writers';
import { deliverResults } from './deliver-results';

export interface HttpSubscriptionOptions {
  hub: SubscriptionHub;
  connections: PrincipalConnections;
  metrics: Metrics;
  logger: Logger;
  /** Comment / empty-part heartbeats keep proxies from closing an idle stream (default HEARTBEAT_MS). */
  heartbeatMs?: number;
}

/** Well under the 30–60 s idle timeouts of common proxies and load balancers. */
export const HEARTBEAT_MS = 12_000;

const json = (res: Response, status: number, errors: readonly GraphQLError[]) =>
  res.status(status).json({ errors: errors.map((e) => e.toJSON()) });

/**
 * Subscriptions on `POST /graphql` for clients that cannot use WebSockets (docs/contract.md §7): SSE in
 * graphql-sse's distinct-connections mode and Apollo's multipart protocol. Same hub, so the same
 * sharing, resume (`after`, or `Last-Event-ID`), bounded backlog and UPDATES_MISSED as graphql-ws.
 * Anything that is not a subscription goes on to the HTTP GraphQL server.
 */
export function httpSubscriptions(options: HttpSubscriptionOptions): RequestHandler {
  const { hub, connections, metrics, logger } = options;
  return async (req, res, next) => {
    // Only a subscription streams; a query or mutation goes on to GraphQL over HTTP whatever else Accept lists.
    const protocol = acceptedStream(req.header('accept'));
    if (!protocol) return next();
    // The pipeline before this handler prepared the operation (one parse, one validation) and admitted the caller.
    const { identity, expiresAt } = preparedOf(res);
    const lastEventId = protocol === TransportKind.Sse ? req.header('last-event-id') : undefined;
    const prepared = prepareSubscription(preparedOf(res), hub, lastEventId);
    if (prepared.kind === 'other') return next();
    if (prepared.kind === 'refused') return json(res, 400, prepared.errors);
    if (!connections.tryOpen(identity.sub)) {
      logger.warn('HTTP subscription refused: too many connections for this principal', { sub: identity.sub });
      return json(res, 429, [
        new GraphQLError(`at most ${connections.max} live connections per principal: multiplex subscriptions over one`, {
          extensions: { code: ErrorCode.RateLimited },
        }),
      ]);
    }
    const queue = hub.subscribe({
      document: prepared.document,
      operationName: prepared.operationName,
      variables: prepared.variables,
      identity,
      resumeAfter: lastEventId,
    });
    const writer: StreamWriter = protocol === TransportKind.Sse ? sseWriter(res) : multipartWriter(res);
    metrics.activeSubscriptions.inc();
    res.on('close', () => void queue.return());
    const heartbeat = setInterval(() => writer.heartbeat(), options.heartbeatMs ?? HEARTBEAT_MS);
    heartbeat.unref();
    writer.start();
    try {
      await deliverResults(queue, writer, { expiresAt, logger });
    } finally {
      clearInterval(heartbeat);
      connections.close(identity.sub);
      metrics.activeSubscriptions.dec();
      writer.end();
    }
  };
}
