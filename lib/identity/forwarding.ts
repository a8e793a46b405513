import type { Identity } from './identity';
import { isRole } from './identity';

/** The header in which the gateway passes the verified identity on to subgraphs. */
export const IDENTITY_HEADER = 'x-lading-identity';

export function encodeIdentity(identity: Identity): string {
  return Buffer.from(JSON.stringify(identity), 'utf8').toString('base64url');
}

/** The identity a subgraph request carries, or null when the header is absent or malformed. */
export function decodeIdentity(header: string | undefined): Identity | null {
  if (!header) return null;
  try {
    const value = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Partial<Identity>;
    if (typeof value.sub !== 'string' || !isRole(value.role)) return null;
    const customerId = typeof value.customerId === 'string' ? value.customerId : null;
    return { sub: value.sub, role: value.role, customerId };
  } catch {
    return null;
  }
}
