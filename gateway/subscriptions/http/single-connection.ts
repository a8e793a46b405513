import type { Request, RequestHandler, Response } from 'express';
import { createHash } from 'node:crypto';
import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../../lib/errors';
import { maskError } from '../../../lib/graphql/mask-errors';
import type { Logger } from '../../../lib/logger';
import type { Metrics } from '../../../lib/server/metrics';
import type { TraceContext } from '../../../lib/server/trace-context';
import { answerRefusal } from '../../doors/guard-door';
import { eventStreamTokenOf } from '../../graphql/event-stream-token';
import type { ExecutePrepared } from '../../graphql/execute-prepared';
import { extensionsOf, preparedOf } from '../../graphql/graphql-over-http';
import type { Prepared, RequestPipeline } from '../../pipeline';
import { Door } from '../../pipeline';
import type { PrincipalConnections } from '../principal-connections';
import { atExpiry } from '../session-expiry';
import type { SubscriptionHub } from '../subscription-hub';
import { deliverResults } from './deliver-results';
import { HEARTBEAT_MS } from './http-subscriptions';
import type { HttpSubscription } from './prepare-subscription';
import { prepareSubscription } from './prepare-subscription';
import type { Reservation, ReservedOperation } from './stream-reservations';
import { StreamReservations } from './stream-reservations';
import { reservedOperationWriter, sseWriter } from './stream-writers';

export interface SingleConnectionOptions {
  pipeline: RequestPipeline;
  hub: SubscriptionHub;
  connections: PrincipalConnections;
  /** Runs a query or mutation sent on a reserved stream. */
  execute: ExecutePrepared;
  /** Operations one stream may carry at once (`LADING_WS_MAX_SUBSCRIPTIONS`, as one graphql-ws connection). */
  maxOperations: number;
  metrics: Metrics;
  logger: Logger;
}

export interface SingleConnectionSse {
  /** `PUT` (reserve), `GET` with a token (the stream) and `DELETE` (stop): before the operation is read. */
  readonly door: RequestHandler;
  /** An operation sent with a token: after graphqlOverHttp prepared it. */
  readonly operations: RequestHandler;
  dispose(): void;
}

const MAX_OPERATION_ID = 128;

const fail = (res: Response, status: number, code: ErrorCode, message: string) =>
  res.status(status).json({ errors: [{ message, extensions: { code } } satisfies GraphQLFormattedError] });

const fingerprintOf = (prepared: Prepared) =>
  createHash('sha256')
    .update(`${prepared.operationName ?? ''}\u0000${JSON.stringify(prepared.variables)}\u0000${prepared.query}`)
    .digest('hex');

/**
 * graphql-sse's single-connection mode on `/graphql` (docs/subscriptions.md, "Transports"): `PUT`
 * reserves a stream and answers 201 with its token; `GET` with the token (header
 * `X-GraphQL-Event-Stream-Token` or `?token=`) opens it; operations `POST`ed with the token and
 * `extensions.operationId` are accepted with 202 and their results travel on the stream as
 * `{"id", "payload"}`; `DELETE ?operationId=` stops one. Every request passes the same guards as the
 * SSE door and must come from the principal that reserved the stream. An operation repeated with its
 * id after the stream broke (the official client does so on reconnect) resumes after its last update.
 */
export function singleConnectionSse(options: SingleConnectionOptions): SingleConnectionSse {
  const { pipeline, hub, connections, metrics, logger } = options;
  const reservations = new StreamReservations({ onEnd: (reservation) => connections.close(reservation.sub) });

  /** The pipeline's guards for a request that carries no operation, as the graph's door. */
  const enter = (req: Request, res: Response) =>
    pipeline.enter({
      door: Door.Graph,
      authorization: req.header('authorization'),
      traceparent: (res.locals.trace as TraceContext | undefined)?.traceparent ?? req.header('traceparent'),
    });

  async function reserve(req: Request, res: Response): Promise<void> {
    const entry = await enter(req, res);
    if (!entry.ok) return answerRefusal(res, entry);
    // A reservation holds a connection slot from the start, so reserving cannot hoard more than connecting.
    if (!connections.tryOpen(entry.identity.sub))
      return void fail(
        res,
        429,
        ErrorCode.RateLimited,
        `at most ${connections.max} live connections per principal: multiplex operations over one`,
      );
    res.status(201).type('text/plain; charset=utf-8').send(reservations.reserve(entry.identity.sub).token);
  }

  async function openStream(req: Request, res: Response, token: string): Promise<void> {
    const entry = await enter(req, res);
    if (!entry.ok) return answerRefusal(res, entry);
    const reservation = reservations.find(token, entry.identity.sub);
    if (!reservation) return void fail(res, 404, ErrorCode.NotFound, 'no such stream reservation: reserve one with PUT /graphql');
    if (reservation.stream) return void fail(res, 409, ErrorCode.BadUserInput, 'this reservation already has its stream');
    reservations.fulfil(reservation, res, entry.expiresAt);
    const writer = sseWriter(res);
    writer.start();
    const heartbeat = setInterval(() => writer.heartbeat(), HEARTBEAT_MS);
    heartbeat.unref();
    // The stream ends with its token, after each operation said so (they end at the same expiry at the latest).
    const cancelExpiry =
      entry.expiresAt === undefined
        ? () => undefined
        : atExpiry(entry.expiresAt, () => void Promise.all([...reservation.operations.values()].map((o) => o.done)).then(() => res.end()));
    res.on('close', () => {
      cancelExpiry();
      clearInterval(heartbeat);
      reservations.end(reservation);
    });
  }

  async function stop(req: Request, res: Response, token: string): Promise<void> {
    const entry = await enter(req, res);
    if (!entry.ok) return answerRefusal(res, entry);
    const reservation = reservations.find(token, entry.identity.sub);
    if (!reservation) return void fail(res, 404, ErrorCode.NotFound, 'no such stream reservation: reserve one with PUT /graphql');
    const operationId = req.query.operationId;
    if (typeof operationId !== 'string' || operationId === '')
      return void fail(res, 400, ErrorCode.BadUserInput, 'name the operation to stop: DELETE /graphql?operationId=…');
    reservation.operations.get(operationId)?.stop();
    res.status(200).end();
  }

  /** Runs one operation on the reservation's stream until it completes, is stopped, or the stream ends. */
  function run(
    reservation: Reservation,
    stream: Response,
    operationId: string,
    res: Response,
    subscription: HttpSubscription,
  ): ReservedOperation {
    const prepared = preparedOf(res);
    const writer = reservedOperationWriter(stream, operationId);
    const fingerprint = fingerprintOf(prepared);
    if (subscription.kind !== 'subscription') {
      const done = options
        .execute(res)
        .then((result) => writer.next(result as ExecutionResult))
        .catch((error: unknown) => writer.fail({ errors: [maskError({ message: String(error) }, error, logger) as GraphQLError] }))
        .finally(() => writer.end());
      return { fingerprint, stop: () => undefined, done };
    }
    // The operation ends at its own token's expiry or the stream's, whichever is first.
    const expiries = [prepared.expiresAt, reservation.expiresAt].filter((at): at is number => at !== undefined);
    const queue = hub.subscribe({
      document: subscription.document,
      operationName: subscription.operationName,
      variables: subscription.variables,
      identity: prepared.identity,
      resumeAfter: reservations.resumePoint(prepared.identity.sub, operationId, fingerprint),
    });
    metrics.activeSubscriptions.inc();
    const operation: { -readonly [K in keyof ReservedOperation]: ReservedOperation[K] } = {
      fingerprint,
      stop: () => void queue.return(),
      done: Promise.resolve(),
    };
    const delivery = {
      expiresAt: expiries.length > 0 ? Math.min(...expiries) : undefined,
      logger,
      onCursor: (cursor: string) => (operation.lastCursor = cursor),
    };
    operation.done = deliverResults(queue, writer, delivery).finally(() => {
      metrics.activeSubscriptions.dec();
      writer.end();
    });
    return operation;
  }

  return {
    door: (req, res, next) => {
      const token = eventStreamTokenOf(req);
      if (req.method === 'PUT') return void reserve(req, res).catch(next);
      if (!token) return next();
      if (req.method === 'DELETE') return void stop(req, res, token).catch(next);
      // A GET that carries no operation is the stream itself (an operation may be sent by GET too).
      if (req.method === 'GET' && req.query.query === undefined && req.query.extensions === undefined)
        return void openStream(req, res, token).catch(next);
      next();
    },
    operations: (req, res, next) => {
      const token = eventStreamTokenOf(req);
      if (!token) return next();
      const { identity } = preparedOf(res);
      const reservation = reservations.find(token, identity.sub);
      if (!reservation) return void fail(res, 404, ErrorCode.NotFound, 'no such stream reservation: reserve one with PUT /graphql');
      const stream = reservation.stream;
      if (!stream)
        return void fail(res, 409, ErrorCode.BadUserInput, 'open the reserved stream (GET with its token) before sending operations');
      const operationId = extensionsOf(res).operationId;
      if (typeof operationId !== 'string' || operationId === '' || operationId.length > MAX_OPERATION_ID)
        return void fail(
          res,
          400,
          ErrorCode.BadUserInput,
          `name the operation in extensions.operationId (1 to ${MAX_OPERATION_ID} characters)`,
        );
      if (reservation.operations.has(operationId))
        return void fail(res, 409, ErrorCode.BadUserInput, `operation ${operationId} is already running on this stream`);
      if (reservation.operations.size >= options.maxOperations)
        return void fail(res, 429, ErrorCode.RateLimited, `at most ${options.maxOperations} operations per stream`);
      const subscription = prepareSubscription(preparedOf(res), hub);
      if (subscription.kind === 'refused') return void res.status(400).json({ errors: subscription.errors.map((e) => e.toJSON()) });
      const operation = run(reservation, stream, operationId, res, subscription);
      reservation.operations.set(operationId, operation);
      void operation.done.finally(() => {
        if (reservation.operations.get(operationId) === operation) reservation.operations.delete(operationId);
      });
      res.status(202).end();
    },
    dispose: () => reservations.dispose(),
  };
}
