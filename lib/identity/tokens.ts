import { SignJWT, jwtVerify, JWTPayload } from 'jose';
import { UnauthenticatedError } from '../errors';
import { Identity, Role, isRole } from './identity';

export interface TokenOptions {
  secret: string;
  issuer?: string;
  audience?: string;
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** How long a development token lasts, whoever mints it (`npm start`'s banner, `npm run token`). */
export const DEVELOPMENT_TOKEN_DAYS = 30;

/** Mints an HS256 development token. */
export async function mintToken(
  identity: { sub: string; role: Role; customerId?: string | null },
  options: TokenOptions & { expiresIn?: string },
): Promise<string> {
  const claims: JWTPayload = { role: identity.role };
  if (identity.customerId) claims.customer_id = identity.customerId;
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(identity.sub).setIssuedAt();
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.setExpirationTime(options.expiresIn ?? `${DEVELOPMENT_TOKEN_DAYS}d`).sign(key(options.secret));
}

/** Claims of a verified token as an Identity; a bad or incomplete token is UNAUTHENTICATED. */
export function identityFromClaims(payload: JWTPayload): Identity {
  const role = payload.role;
  if (typeof payload.sub !== 'string' || !isRole(role)) {
    throw new UnauthenticatedError('token lacks the sub or role claim');
  }
  const customerId = typeof payload.customer_id === 'string' ? payload.customer_id : null;
  if (role === Role.Customer && !customerId) throw new UnauthenticatedError('a customer token needs customer_id');
  return { sub: payload.sub, role, customerId };
}

export async function verifyHs256(token: string, options: TokenOptions): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, key(options.secret), {
      algorithms: ['HS256'],
      issuer: options.issuer,
      audience: options.audience,
    });
    return identityFromClaims(payload);
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw error;
    throw new UnauthenticatedError('invalid or expired token');
  }
}

/** The token of an `Authorization: Bearer …` value, or null. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1] : null;
}
