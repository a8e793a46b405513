import type { Response } from 'express';
import type { ExecutionResult } from 'graphql';
import { serialized } from '../serialized';

/** One way of framing a stream of results on an HTTP response. */
export interface StreamWriter {
  start(): void;
  /** Resolves once the response can take more (backpressure: a slow reader holds its own queue). */
  next(result: ExecutionResult): Promise<void>;
  /** An error that ends the stream (e.g. UPDATES_MISSED). */
  fail(result: ExecutionResult): Promise<void>;
  heartbeat(): void;
  end(): void;
}

function write(res: Response, chunk: string): Promise<void> {
  // A reader that left (or a stream already ended) takes nothing more.
  if (res.writableEnded || res.destroyed) return Promise.resolve();
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

/**
 * GraphQL over Server-Sent Events, distinct-connections mode (the graphql-sse protocol): `next`
 * events with the result as data, then `complete`. Each update's cursor is the event `id`, which a
 * reconnecting client sends back as `Last-Event-ID`.
 */
export function sseWriter(res: Response): StreamWriter {
  return {
    start() {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(':\n\n');
    },
    next(result) {
      const cursor = result.extensions?.cursor;
      const id = typeof cursor === 'string' ? `id: ${cursor}\n` : '';
      return write(res, `${id}event: next\ndata: ${serialized(result)}\n\n`);
    },
    fail(result) {
      return write(res, `event: next\ndata: ${JSON.stringify(result)}\n\n`);
    },
    heartbeat: () => void write(res, ':\n\n'),
    end() {
      if (!res.writableEnded) res.end('event: complete\ndata:\n\n');
    },
  };
}

/**
 * One operation's events on a single-connection SSE stream (the graphql-sse protocol): `next` with
 * `{"id", "payload"}`, then `complete` with `{"id"}`. The stream is shared, so it is opened, kept alive
 * and ended by its reservation, not by any one operation.
 */
export function reservedOperationWriter(res: Response, operationId: string): StreamWriter {
  const id = JSON.stringify(operationId);
  return {
    start: () => undefined,
    next: (result) => write(res, `event: next\ndata: {"id":${id},"payload":${serialized(result)}}\n\n`),
    fail: (result) => write(res, `event: next\ndata: {"id":${id},"payload":${JSON.stringify(result)}}\n\n`),
    heartbeat: () => undefined,
    end: () => void write(res, `event: complete\ndata: {"id":${id}}\n\n`),
  };
}

const BOUNDARY = 'graphql';
/** The delimiter line that closes one part and opens the next (RFC 2046 §5.1.1). */
const DELIMITER = `\r\n--${BOUNDARY}`;

/**
 * Apollo's multipart HTTP subscriptions (`multipart/mixed;subscriptionSpec="1.0"`): one JSON part
 * per result as `{"payload": …}`, `{}` as a heartbeat, and `{"payload": null, "errors": […]}` for an
 * error that ends the stream. Every write is a whole part followed by the delimiter: a client hands a
 * part over only once the delimiter after it arrives (Apollo Client does), so a part written without
 * it would wait for the next heartbeat. The last delimiter becomes the close delimiter,
 * `\r\n--graphql--`, when the stream ends.
 */
export function multipartWriter(res: Response): StreamWriter {
  const part = (json: string) => `\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${json}${DELIMITER}`;
  return {
    start() {
      res.writeHead(200, { 'content-type': `multipart/mixed;boundary="${BOUNDARY}";subscriptionSpec="1.0"`, 'cache-control': 'no-cache' });
      res.write(DELIMITER + part('{}'));
    },
    next: (result) => write(res, part(`{"payload":${serialized(result)}}`)),
    fail: (result) => write(res, part(JSON.stringify({ payload: null, errors: result.errors }))),
    heartbeat: () => void write(res, part('{}')),
    end() {
      if (!res.writableEnded) res.end('--\r\n');
    },
  };
}
