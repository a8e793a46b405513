import type { RequestHandler, Response } from 'express';
import type { Identity } from '../../lib/identity/identity';
import type { TraceContext } from '../../lib/server/trace-context';
import type { Door, Refusal, RequestPipeline } from '../pipeline';

/** A refusal as every plain HTTP door answers it: its status and headers, and GraphQL's `{ errors }` body. */
export function answerRefusal(res: Response, refusal: Refusal): void {
  if (refusal.headers) res.set(refusal.headers);
  res.status(refusal.status).json({ errors: refusal.errors });
}

/**
 * Express middleware putting a door that carries no GraphQL operation (ingest, carrier standards,
 * the operations page's data) through the request pipeline's guards: authentication, the door's
 * role, trace context and the budget, the same units and answers as GraphQL. Runs before the body is
 * read, so a refused caller costs no body parse. The admitted identity is in `identityOf(res)`.
 */
export function guardDoor(pipeline: RequestPipeline, door: Door): RequestHandler {
  return async (req, res, next) => {
    const entry = await pipeline.enter({
      door,
      authorization: req.header('authorization'),
      // The trace request logging already continued (or started), so the log line and any error share its id.
      traceparent: (res.locals.trace as TraceContext | undefined)?.traceparent ?? req.header('traceparent'),
    });
    if (!entry.ok) return answerRefusal(res, entry);
    res.locals.identity = entry.identity;
    next();
  };
}

/** The identity the door's guards admitted (guardDoor, or the GraphQL transport's pipeline). */
export function identityOf(res: Response): Identity {
  const identity = res.locals.identity as Identity | undefined;
  if (!identity) throw new Error('no identity: the route is not behind the pipeline');
  return identity;
}
