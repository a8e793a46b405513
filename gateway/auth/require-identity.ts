import type { RequestHandler, Response } from 'express';
import { ErrorCode } from '../../lib/errors';
import type { Identity } from '../../lib/identity/identity';
import type { Authenticator } from './authenticator';

/** Express middleware: 401 without a valid bearer token, else the identity in `res.locals`. */
export function requireBearer(authenticate: Authenticator): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.identity = await authenticate(req.header('authorization'));
      next();
    } catch (error) {
      const message = error instanceof Error ? error.message : 'invalid token';
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .json({ errors: [{ message, extensions: { code: ErrorCode.Unauthenticated } }] });
    }
  };
}

export function identityOf(res: Response): Identity {
  return res.locals.identity as Identity;
}
