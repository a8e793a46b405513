import { DEFAULTS } from '../settings';
import { randomUUID } from 'node:crypto';
import { IDENTITY_HEADER } from './forwarding';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signParts, verifyParts } from './request-signing';

/** `connection_init` fields beyond the signed request headers: a single-use nonce and the session's end. */
export const NONCE_FIELD = 'x-lading-nonce';
export const SESSION_EXPIRES_FIELD = 'x-lading-session-expires';

/** How long a subgraph graphql-ws session lasts before the gateway must open (and resume on) a new one. */
export const DEFAULT_SESSION_MS = 60 * 60_000;

/** What the signature covers besides timestamp and identity: the nonce and the session's end. */
function signedBody(nonce: string, expiresAt: string): string {
  return `graphql-ws-init\n${nonce}\n${expiresAt}`;
}

/** The `connection_init` payload of a gateway → subgraph graphql-ws session. */
export function signWsInit(secret: string, identity: string, now = Date.now(), sessionMs = DEFAULT_SESSION_MS): Record<string, string> {
  const timestamp = String(now);
  const nonce = randomUUID();
  const expiresAt = String(now + sessionMs);
  return {
    [IDENTITY_HEADER]: identity,
    [TIMESTAMP_HEADER]: timestamp,
    [NONCE_FIELD]: nonce,
    [SESSION_EXPIRES_FIELD]: expiresAt,
    [SIGNATURE_HEADER]: signParts(secret, { timestamp, identity, body: signedBody(nonce, expiresAt) }),
  };
}

export type WsInitCheck = { ok: true; identity: string; nonce: string; expiresAt: number } | { ok: false; reason: string };

/** Signature, freshness and expiry of a `connection_init`; single use is the caller's (it keeps the nonces). */
export function verifyWsInit(
  secret: string,
  params: Record<string, unknown>,
  now = Date.now(),
  maxSkewMs = DEFAULTS.LADING_SUBGRAPH_MAX_SKEW,
): WsInitCheck {
  const field = (name: string) => (typeof params[name] === 'string' ? params[name] : '');
  const identity = field(IDENTITY_HEADER);
  const nonce = field(NONCE_FIELD);
  const expires = field(SESSION_EXPIRES_FIELD);
  if (!nonce || !/^\d+$/.test(expires)) return { ok: false, reason: 'connection_init without nonce or session expiry' };
  const signed = verifyParts(
    secret,
    { timestamp: field(TIMESTAMP_HEADER), identity, body: signedBody(nonce, expires) },
    params[SIGNATURE_HEADER],
    now,
    maxSkewMs,
  );
  if (!signed.ok) return signed;
  if (Number(expires) <= now) return { ok: false, reason: 'session expiry already passed' };
  return { ok: true, identity, nonce, expiresAt: Number(expires) };
}

/** Nonces seen within the signature window: a captured `connection_init` cannot open a second session. */
export class SeenNonces {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs = DEFAULTS.LADING_SUBGRAPH_MAX_SKEW * 2) {}

  /** True the first time `nonce` is offered, false on any replay. */
  claim(nonce: string, now = Date.now()): boolean {
    for (const [key, at] of this.seen) {
      if (now - at <= this.windowMs) break;
      this.seen.delete(key);
    }
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, now);
    return true;
  }
}
