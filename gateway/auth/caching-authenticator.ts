import { decodeJwt } from 'jose';
import type { Identity } from '../../lib/identity/identity';
import { bearerToken } from '../../lib/identity/tokens';
import type { Authenticator } from './authenticator';

/** Distinct tokens remembered: every live session of a busy gateway, at a few hundred bytes each. */
const MAX_CACHED_TOKENS = 10_000;

/**
 * Remembers verified tokens until they expire, so a client's repeated requests (or a flood) cost
 * one signature check, not one each. Bounded: the oldest entries go first.
 */
export function cachingAuthenticator(inner: Authenticator, maxEntries = MAX_CACHED_TOKENS, now: () => number = Date.now): Authenticator {
  const verified = new Map<string, { identity: Identity; expiresAt: number }>();
  return async (authorization) => {
    const token = bearerToken(authorization);
    const hit = token ? verified.get(token) : undefined;
    if (hit && hit.expiresAt > now()) return hit.identity;
    if (hit && token) verified.delete(token);
    const identity = await inner(authorization);
    const exp = token ? decodeJwt(token).exp : undefined;
    if (token && typeof exp === 'number') {
      if (verified.size >= maxEntries) verified.delete(verified.keys().next().value as string);
      verified.set(token, { identity, expiresAt: exp * 1000 });
    }
    return identity;
  };
}
