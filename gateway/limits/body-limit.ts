import type { RequestHandler } from 'express';
import express from 'express';
import { ErrorCode } from '../../lib/errors';

/** How a door's body is read: JSON (GraphQL) or as text for the door's own parser (CloudEvents, X12, DCSA). */
export type BodyKind = 'json' | 'text';

/** body-parser's error for a body over its limit. */
const isTooLarge = (error: unknown) => typeof error === 'object' && error !== null && 'type' in error && error.type === 'entity.too.large';

/**
 * Reads a request body up to `maxBytes`, on every door alike: a larger body is the sender's mistake,
 * answered 413 BAD_USER_INPUT naming the limit in GraphQL's error shape (never Express's HTML page).
 * Other read errors go on to the JSON error handler.
 */
export function bodyLimit(kind: BodyKind, maxBytes: number): RequestHandler {
  const read = kind === 'json' ? express.json({ limit: maxBytes }) : express.text({ type: () => true, limit: maxBytes });
  return (req, res, next) =>
    read(req, res, (error?: unknown) => {
      if (!isTooLarge(error)) return next(error);
      res.status(413).json({
        errors: [{ message: `request body is too large: at most ${maxBytes} bytes`, extensions: { code: ErrorCode.BadUserInput } }],
      });
    });
}
