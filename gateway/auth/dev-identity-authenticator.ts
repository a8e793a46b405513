import type { Identity } from '../../lib/identity/identity';
import { bearerToken } from '../../lib/identity/tokens';
import type { Authenticator } from './authenticator';

/**
 * `LADING_DEV_IDENTITY`: a request without a bearer token acts as `identity`, so a conformance suite
 * can query without minting tokens; a request with one is still verified. lib/config.ts refuses it in production.
 */
export function devIdentityAuthenticator(verified: Authenticator, identity: Identity): Authenticator {
  return async (authorization) => (bearerToken(authorization) ? verified(authorization) : identity);
}
