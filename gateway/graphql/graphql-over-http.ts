import type { RequestHandler, Response } from 'express';
import { ErrorCode } from '../../lib/errors';
import type { TraceContext } from '../../lib/server/trace-context';
import type { Prepared, Refusal, RequestPipeline } from '../pipeline';
import { TransportKind } from '../pipeline';
import type { GatewayContext } from './gateway-context';
import { eventStreamTokenOf } from './event-stream-token';
import { acceptedStream } from './stream-negotiation';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

/** GET sends `variables` and `extensions` as JSON text; anything unreadable is the client's mistake. */
function fromQueryString(raw: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof raw !== 'string') return { ok: true, value: raw };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

function send(res: Response, refusal: Refusal, mediaType: string): void {
  // GraphQL over HTTP: a request error answers `application/json` clients with 200, the newer media type
  // (and streaming clients, which accept neither) with 4xx.
  const status = refusal.requestError && mediaType === JSON_TYPE && res.req.accepts(JSON_TYPE) ? 200 : refusal.status;
  if (refusal.headers) res.set(refusal.headers);
  res
    .status(status)
    .type(`${mediaType}; charset=utf-8`)
    .send(JSON.stringify({ errors: refusal.errors }));
}

/**
 * The HTTP transport of the request pipeline: reads the operation from a GET or POST, runs every guard,
 * and either answers the refusal itself (status per the GraphQL-over-HTTP spec) or hands the prepared
 * operation to Apollo Server, which finds the same validated document in its document store.
 */
export function graphqlOverHttp(pipeline: RequestPipeline): RequestHandler {
  return async (req, res, next) => {
    const mediaType = req.accepts([JSON_TYPE, GRAPHQL_RESPONSE]) === GRAPHQL_RESPONSE ? GRAPHQL_RESPONSE : JSON_TYPE;
    const body: unknown = req.method === 'GET' ? req.query : req.body;
    if (Array.isArray(body)) {
      send(
        res,
        {
          ok: false,
          status: 400,
          errors: [
            {
              message: 'batched operations are not supported: send one operation per request',
              extensions: { code: ErrorCode.BadUserInput },
            },
          ],
        },
        mediaType,
      );
      return;
    }
    const params = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const variables = fromQueryString(params.variables);
    const extensions = fromQueryString(params.extensions);
    if (!variables.ok || !extensions.ok) {
      send(
        res,
        {
          ok: false,
          status: 400,
          errors: [{ message: '`variables` and `extensions` must be JSON objects', extensions: { code: ErrorCode.BadUserInput } }],
        },
        mediaType,
      );
      return;
    }
    const prepared = await pipeline.prepare({
      // A subscription may stream when the client accepts a stream or names a reserved one (served by the handlers
      // after this one); anything else is plain HTTP.
      transport: eventStreamTokenOf(req) ? TransportKind.Sse : (acceptedStream(req.header('accept')) ?? TransportKind.Http),
      authorization: req.header('authorization'),
      // The trace request logging already continued (or started), so the log line and any error share its id.
      traceparent: (res.locals.trace as TraceContext | undefined)?.traceparent ?? req.header('traceparent'),
      query: params.query,
      variables: variables.value,
      operationName: params.operationName,
      extensions: extensions.value,
      subscribeAt: `${req.protocol === 'https' ? 'wss' : 'ws'}://${req.get('host') ?? 'localhost'}${req.baseUrl}`,
    });
    if (!prepared.ok) {
      send(res, prepared, mediaType);
      return;
    }
    // The SSE and multipart subscription handler and Apollo, which follow, run this prepared operation;
    // a document resolved from its hash is put in the body for Apollo, which reads the body.
    if (req.method === 'POST' && prepared.query !== params.query) req.body = withDocument(params, prepared.query, extensions.value);
    res.locals.prepared = prepared;
    res.locals.extensions = extensions.value;
    next();
  };
}

/** The operation the pipeline prepared for this request (graphqlOverHttp ran before). */
export function preparedOf(res: Response): Prepared {
  const prepared = res.locals.prepared as Prepared | undefined;
  if (!prepared) throw new Error('no prepared operation: the route is not behind graphqlOverHttp');
  return prepared;
}

/** The request's `extensions` as sent (graphqlOverHttp ran before): graphql-sse's single-connection mode names its operation there. */
export function extensionsOf(res: Response): Record<string, unknown> {
  const extensions: unknown = res.locals.extensions;
  return extensions && typeof extensions === 'object' && !Array.isArray(extensions) ? (extensions as Record<string, unknown>) : {};
}

/** The body with the document the pipeline resolved, and no persisted query left for Apollo to resolve again. */
function withDocument(params: Record<string, unknown>, query: string, sent: unknown): Record<string, unknown> {
  const { persistedQuery: _resolved, ...extensions } = (sent ?? {}) as Record<string, unknown>;
  return { ...params, query, extensions };
}

/** The context Apollo's resolvers and data sources see for a prepared operation. */
export function contextOf(res: Response): GatewayContext {
  const prepared = preparedOf(res);
  return { identity: prepared.identity, traceparent: prepared.traceparent, reportCost: prepared.reportCost };
}
