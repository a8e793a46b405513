import type { JWTPayload } from 'jose';
import { SignJWT, jwtVerify } from 'jose';
import { UnauthenticatedError } from '../errors';
import type { Identity } from './identity';
import { CARRIERS_CLAIM, EVENT_TYPES_CLAIM, Role, SOURCES_CLAIM, isRole } from './identity';

export interface TokenOptions {
  secret: string;
  issuer?: string;
  audience?: string;
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** What a development token says about its holder; `sources`/`eventTypes`/`carriers` bind an integration (docs/events.md, docs/carriers.md). */
export interface TokenIdentity {
  sub?: string;
  role: Role;
  customerId?: string | null;
  sources?: readonly string[];
  eventTypes?: readonly string[];
  carriers?: readonly string[];
}

/** How long a development token lasts, whoever mints it (`npm start`'s banner, `npm run token`). */
export const DEVELOPMENT_TOKEN_DAYS = 30;

/** Mints an HS256 development token. */
export async function mintToken(identity: TokenIdentity, options: TokenOptions & { expiresIn?: string }): Promise<string> {
  const claims: JWTPayload = { role: identity.role };
  if (identity.customerId !== undefined && identity.customerId !== null) claims.customer_id = identity.customerId;
  if (identity.sources) claims[SOURCES_CLAIM] = [...identity.sources];
  if (identity.eventTypes) claims[EVENT_TYPES_CLAIM] = [...identity.eventTypes];
  if (identity.carriers) claims[CARRIERS_CLAIM] = [...identity.carriers];
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub ?? `dev-${identity.role}`)
    .setIssuedAt();
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
  const identity: Identity = { sub: payload.sub, role, customerId };
  const sources = globList(payload[SOURCES_CLAIM], SOURCES_CLAIM);
  const eventTypes = globList(payload[EVENT_TYPES_CLAIM], EVENT_TYPES_CLAIM);
  if (sources) identity.sources = sources;
  if (eventTypes) identity.eventTypes = eventTypes;
  const carriers = globList(payload[CARRIERS_CLAIM], CARRIERS_CLAIM);
  // SCACs are upper-case codes; a token may spell them either way.
  if (carriers) identity.carriers = carriers.map((c) => c.trim().toUpperCase()).filter(Boolean);
  return identity;
}

/** A list claim (globs, or carrier codes) as an array: a JSON array of strings or one space-separated string (like `scope`). */
function globList(value: unknown, claim: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new UnauthenticatedError(`token claim ${claim} must be an array of strings or a space-separated string`);
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
