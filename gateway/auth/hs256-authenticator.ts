import { UnauthenticatedError } from '../../lib/errors';
import { bearerToken, verifyHs256 } from '../../lib/identity/tokens';
import type { Authenticator } from './authenticator';
import { cachingAuthenticator } from './caching-authenticator';

/** Bearer tokens signed with one shared HS256 secret (development, and deployments without a JWKS). */
export function hs256Authenticator(secret: string): Authenticator {
  return cachingAuthenticator(async (authorization) => {
    const token = bearerToken(authorization);
    if (!token) throw new UnauthenticatedError('missing bearer token');
    return verifyHs256(token, { secret });
  });
}
