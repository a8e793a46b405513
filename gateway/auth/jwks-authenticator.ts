import { createRemoteJWKSet, jwtVerify } from 'jose';
import { UnauthenticatedError } from '../../lib/errors';
import { bearerToken, identityFromClaims } from '../../lib/identity/tokens';
import type { Authenticator } from './authenticator';
import { cachingAuthenticator } from './caching-authenticator';

export interface JwksOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** How long fetched keys are trusted before the set is fetched again (default JWKS_MAX_AGE_MS). */
  cacheMaxAgeMs?: number;
  /** Least time between two fetches triggered by an unknown key id (default JWKS_COOLDOWN_MS). */
  cooldownMs?: number;
}

/** A removed (compromised) key stops being trusted within 10 min; a rotated one is fetched at once, on its unknown key id. */
const JWKS_MAX_AGE_MS = 600_000;
/** Tokens with made-up key ids make the gateway fetch the set at most every 30 s. */
const JWKS_COOLDOWN_MS = 30_000;

/**
 * Production identity: tokens signed by the identity provider's keys (JWKS), with issuer, audience
 * and expiry checked. Keys are cached; a token with an unknown key id refetches the set, which is
 * how a rotated key is picked up.
 */
export function jwksAuthenticator(options: JwksOptions): Authenticator {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl), {
    cacheMaxAge: options.cacheMaxAgeMs ?? JWKS_MAX_AGE_MS,
    cooldownDuration: options.cooldownMs ?? JWKS_COOLDOWN_MS,
  });
  return cachingAuthenticator(async (authorization) => {
    const token = bearerToken(authorization);
    if (!token) throw new UnauthenticatedError('missing bearer token');
    try {
      // jose checks `exp` only when present: a token without one would never expire.
      const { payload } = await jwtVerify(token, keys, { issuer: options.issuer, audience: options.audience, requiredClaims: ['exp'] });
      return identityFromClaims(payload);
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      throw new UnauthenticatedError('invalid or expired token');
    }
  });
}
