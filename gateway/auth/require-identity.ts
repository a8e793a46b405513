import { RequestHandler, Response } from 'express';
import { ErrorCode } from '../../lib/errors';
import { Identity, Role } from '../../lib/identity/identity';
import { Authenticator } from './authenticator';

/** Express middleware: 401 without a valid bearer token, else the identity in `res.locals`. */
export function requireBearer(authenticate: Authenticator): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.identity = await authenticate(req.header('authorization'));
      next();
    } catch (error) {
      const message = error instanceof Error ? error.message : 'invalid token';
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ errors: [{ message, extensions: { code: ErrorCode.Unauthenticated } }] });
    }
  };
}

export function identityOf(res: Response): Identity {
  return res.locals.identity as Identity;
}

/** The graph is for portals and service reps; integrations may only post events (CONTRACT §3). */
export const requireGraphRole: RequestHandler = (_req, res, next) => {
  if (identityOf(res).role !== Role.Integration) return next();
  res.status(403).json({ errors: [{ message: 'the integration role may only POST /events', extensions: { code: ErrorCode.Forbidden } }] });
};
