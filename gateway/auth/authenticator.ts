import type { Identity } from '../../lib/identity/identity';

/**
 * Turns an `Authorization` value into a verified Identity, or throws UNAUTHENTICATED. Implementations
 * sit beside it (hs256-authenticator.ts, jwks-authenticator.ts), so this file imports none of them.
 */
export type Authenticator = (authorization: unknown) => Promise<Identity>;
