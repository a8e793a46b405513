import type { RequestHandler } from 'express';
import type { ExecutePrepared } from './execute-prepared';
import { acceptedStream } from './stream-negotiation';
import { TransportKind } from '../pipeline';

const PLAIN_TYPES = ['application/json', 'application/graphql-response+json'];

/**
 * A query or mutation from a client that accepts only `text/event-stream` (graphql-sse's client sends
 * every operation so): its one result as a `next` event, then `complete`, as the graphql-sse protocol
 * has it. A client that also accepts JSON gets GraphQL over HTTP (the handler after this one), and a
 * subscription never gets here (the stream handler before this one serves it).
 */
export function sseOperation(execute: ExecutePrepared): RequestHandler {
  return async (req, res, next) => {
    if (acceptedStream(req.header('accept')) !== TransportKind.Sse || req.accepts(PLAIN_TYPES)) return next();
    try {
      const result = await execute(res);
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(`event: next\ndata: ${JSON.stringify(result)}\n\nevent: complete\ndata:\n\n`);
    } catch (error) {
      next(error);
    }
  };
}
