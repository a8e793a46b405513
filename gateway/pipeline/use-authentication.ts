import { decodeJwt } from 'jose';
import { ErrorCode } from '../../lib/errors';
import { bearerToken } from '../../lib/identity/tokens';
import type { Authenticator } from '../auth/authenticator';
import type { PipelinePlugin } from './types';
import { refuse } from './types';

/** The token's `exp` in ms, read after verification succeeded (so the claim is trustworthy). */
function expiryOf(authorization: unknown): number | undefined {
  const token = bearerToken(authorization);
  const exp = token ? decodeJwt(token).exp : undefined;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

/** Bearer JWT → identity (docs/contract.md §3); 401 UNAUTHENTICATED without a valid token. Skipped when the transport already verified one. */
export function useAuthentication(authenticate: Authenticator): PipelinePlugin {
  return {
    name: 'authentication',
    async onRequest(context) {
      if (context.identity) return;
      try {
        context.identity = await authenticate(context.request.authorization);
        context.expiresAt = expiryOf(context.request.authorization);
      } catch (error) {
        const message = error instanceof Error ? error.message : 'invalid token';
        return refuse(401, ErrorCode.Unauthenticated, message, { 'WWW-Authenticate': 'Bearer' });
      }
    },
  };
}
