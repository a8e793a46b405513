import { ForbiddenError, UnauthenticatedError } from '../errors';

/** Roles of CONTRACT §3. */
export enum Role {
  Customer = 'customer',
  ServiceRep = 'service_rep',
  Integration = 'integration',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}

/** Who is asking, from verified token claims (`sub`, `role`, `customer_id`). */
export interface Identity {
  sub: string;
  role: Role;
  customerId: string | null;
}

/** The one tenant rule: a customer sees its own customer's data; a service rep sees everything. */
export function canSeeCustomer(identity: Identity, customerId: string): boolean {
  if (identity.role === Role.ServiceRep) return true;
  return identity.role === Role.Customer && identity.customerId === customerId;
}

/** The customer a listing is confined to; `undefined` means every customer (service reps only). */
export function customerScope(identity: Identity, requested?: string | null): string | undefined {
  if (identity.role === Role.ServiceRep) return requested ?? undefined;
  if (identity.role === Role.Customer && identity.customerId) return identity.customerId;
  throw new ForbiddenError('this role may not read shipments or orders');
}

export function requireRole(identity: Identity, ...roles: Role[]): void {
  if (!roles.includes(identity.role)) throw new ForbiddenError(`this needs the role ${roles.join(' or ')}`);
}

/** Subgraphs answer only requests that carry an identity forwarded by the gateway. */
export function requireIdentity(identity: Identity | null): Identity {
  if (!identity) throw new UnauthenticatedError('no identity was forwarded with this request');
  return identity;
}
