import { ForbiddenError, UnauthenticatedError } from '../errors';

/** Roles of docs/contract.md §3. */
export enum Role {
  Customer = 'customer',
  ServiceRep = 'service_rep',
  Integration = 'integration',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}

/** Token claims binding an integration to the event sources and types it may emit (globs, docs/events.md). */
export const SOURCES_CLAIM = 'sources';
export const EVENT_TYPES_CLAIM = 'event_types';
/** Token claim binding a carrier integration to the carriers (SCACs) it speaks for (docs/carriers.md). */
export const CARRIERS_CLAIM = 'carriers';

/** Who is asking, from verified token claims (`sub`, `role`, `customer_id`, and for integrations `sources`, `event_types`, `carriers`). */
export interface Identity {
  sub: string;
  role: Role;
  customerId: string | null;
  /** Source globs this principal may emit; absent means the configured default. */
  sources?: readonly string[];
  /** Event type globs this principal may emit; absent means the configured default. */
  eventTypes?: readonly string[];
  /** The carriers (SCACs, upper-case) this principal speaks for: it reports only on shipments tendered to one of them. */
  carriers?: readonly string[];
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

/** Whether a listed node of customer `customerId` belongs in a listing confined to `scope` (from customerScope). */
export function inScope(identity: Identity, scope: string | undefined, customerId: string): boolean {
  return canSeeCustomer(identity, customerId) && (scope === undefined || scope === customerId);
}

export function requireRole(identity: Identity, ...roles: Role[]): void {
  if (!roles.includes(identity.role)) throw new ForbiddenError(`this needs the role ${roles.join(' or ')}`);
}

/** Subgraphs answer only requests that carry an identity forwarded by the gateway. */
export function requireIdentity(identity: Identity | null): Identity {
  if (!identity) throw new UnauthenticatedError('no identity was forwarded with this request');
  return identity;
}
