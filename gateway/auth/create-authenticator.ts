import { LadingConfig } from '../../lib/config';
import { Authenticator } from './authenticator';
import { hs256Authenticator } from './hs256-authenticator';
import { jwksAuthenticator } from './jwks-authenticator';

/** JWKS when `LADING_JWKS_URL` is set (production), else HS256 with `LADING_JWT_SECRET` (development). */
export function authenticatorFrom(config: LadingConfig): Authenticator {
  const { jwks } = config.jwt;
  if (jwks) return jwksAuthenticator(jwks);
  return hs256Authenticator(config.jwt.secret);
}
