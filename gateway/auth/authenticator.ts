import { UnauthenticatedError } from '../../lib/errors';
import { Identity } from '../../lib/identity/identity';
import { bearerToken, verifyHs256 } from '../../lib/identity/tokens';
import { cachingAuthenticator } from './caching-authenticator';

/** Turns an `Authorization` value into a verified Identity, or throws UNAUTHENTICATED. */
export type Authenticator = (authorization: unknown) => Promise<Identity>;

export function hs256Authenticator(secret: string): Authenticator {
  return cachingAuthenticator(async (authorization) => {
    const token = bearerToken(authorization);
    if (!token) throw new UnauthenticatedError('missing bearer token');
    return verifyHs256(token, { secret });
  });
}
