import type { ErrorRequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { TraceContext } from './trace-context';

/** What a client is told about a body the parser refused; its own message may name internals (zlib). */
const BODY_ERRORS: Record<string, { status: number; message: string }> = {
  'entity.too.large': { status: 413, message: 'request body is too large' },
  'entity.parse.failed': { status: 400, message: 'request body is not valid JSON' },
  'entity.verify.failed': { status: 400, message: 'request body could not be verified' },
  'encoding.unsupported': { status: 415, message: 'unsupported Content-Encoding' },
  'charset.unsupported': { status: 415, message: 'unsupported charset' },
  'request.size.invalid': { status: 400, message: 'request body does not match its Content-Length' },
  'request.aborted': { status: 400, message: 'request body was aborted' },
};

/**
 * The last handler of every Lading HTTP app: Express's own renders the error with its stack and
 * file paths (outside `NODE_ENV=production`), so nothing may reach it. Client mistakes keep their
 * 4xx status with a fixed message; anything else is a masked 500 with the trace id, detail logged.
 */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const known = BODY_ERRORS[(error as { type?: string })?.type ?? ''];
    const status = Number((error as { status?: unknown })?.status);
    if (known || (status >= 400 && status < 500)) {
      const message = known?.message ?? 'the request could not be read';
      res.status(known?.status ?? status).json({ errors: [{ message, extensions: { code: ErrorCode.BadUserInput } }] });
      return;
    }
    const errorId = randomUUID();
    const traceId = (res.locals.trace as TraceContext | undefined)?.traceId;
    logger.error('unhandled HTTP error', { errorId, traceId, error });
    res.status(500).json({
      errors: [{ message: `Internal server error (reference ${errorId})`, extensions: { code: ErrorCode.Internal, errorId, traceId } }],
    });
  };
}
