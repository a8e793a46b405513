import type { LadingConfig } from '../../lib/config';
import type { Authenticator } from './authenticator';
import { hs256Authenticator } from './hs256-authenticator';
import { devIdentityAuthenticator } from './dev-identity-authenticator';
import { jwksAuthenticator } from './jwks-authenticator';

/**
 * JWKS when `LADING_JWKS_URL` is set (production), else HS256 with `LADING_JWT_SECRET` (development);
 * with `LADING_DEV_IDENTITY`, requests without a token act as that identity (development only).
 */
export function authenticatorFrom(config: LadingConfig): Authenticator {
  const { jwks } = config.jwt;
  const verified = jwks ? jwksAuthenticator(jwks) : hs256Authenticator(config.jwt.secret);
  return config.devIdentity ? devIdentityAuthenticator(verified, config.devIdentity) : verified;
}
