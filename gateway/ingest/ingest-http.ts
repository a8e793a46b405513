import type { RequestHandler } from 'express';
import type express from 'express';
import { ErrorCode } from '../../lib/errors';
import { Role } from '../../lib/identity/identity';
import { identityOf } from '../auth/require-identity';

/** The JSON error body every ingest door answers with: GraphQL's error shape, so clients parse one form. */
export function problem(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** Only integrations may push events (docs/contract.md §3); anyone else authenticated gets 403. */
export const integrationOnly: RequestHandler = (req, res, next) => {
  if (identityOf(res).role === Role.Integration) return next();
  res.status(403).json(problem(ErrorCode.Forbidden, `POST ${req.path} needs the integration role`));
};

/** body-parser's error for a body over its limit. */
const isTooLarge = (error: unknown) => typeof error === 'object' && error !== null && 'type' in error && error.type === 'entity.too.large';

/** A body over the door's byte limit is the sender's mistake: JSON 413, never Express's HTML page. */
export function bodyTooLarge(maxBytes: number): express.ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (isTooLarge(error)) {
      res.status(413).json(problem(ErrorCode.BadUserInput, `body exceeds ${maxBytes} bytes`));
      return;
    }
    next(error);
  };
}
