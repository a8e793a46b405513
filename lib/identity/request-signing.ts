import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DEFAULTS } from '../settings';

/** Headers (and graphql-ws `connection_init` fields) of a gateway-signed subgraph request. */
export const SIGNATURE_HEADER = 'x-lading-signature';
export const TIMESTAMP_HEADER = 'x-lading-timestamp';

export interface SignedParts {
  /** Milliseconds since the epoch, as sent. */
  timestamp: string;
  /** The forwarded identity header value ('' when none). */
  identity: string;
  /** The exact request body ('' for none, e.g. a graphql-ws connection). */
  body: string | Buffer;
}

function mac(secret: string, parts: SignedParts): Buffer {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return createHmac('sha256', secret).update(`${parts.timestamp}\n${parts.identity}\n${bodyHash}`).digest();
}

/** HMAC-SHA256 over the timestamp, the forwarded identity and the body, so none can be altered or replayed late. */
export function signParts(secret: string, parts: SignedParts): string {
  return mac(secret, parts).toString('hex');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifyParts(
  secret: string,
  parts: SignedParts,
  signature: unknown,
  now = Date.now(),
  maxSkewMs = DEFAULTS.LADING_SUBGRAPH_MAX_SKEW,
): SignatureCheck {
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature))
    return { ok: false, reason: 'missing or malformed gateway signature' };
  const at = Number(parts.timestamp);
  if (!Number.isFinite(at) || Math.abs(now - at) > maxSkewMs) return { ok: false, reason: 'stale or missing signature timestamp' };
  const expected = mac(secret, parts);
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { ok: false, reason: 'bad gateway signature' };
  return { ok: true };
}
