import { Role } from '../identity/identity';
import type { SettingKind } from './kinds';

/** What the gateway does with an operation that is not in the trusted-document manifest (docs/request-pipeline.md). */
export enum TrustedDocumentsMode {
  /** Any valid document runs; persisted queries are registered and served (automatic persisted queries). */
  Off = 'off',
  /** As `off`, and each distinct operation missing from the manifest is logged once. */
  Log = 'log',
  /** Only the manifest's documents run, by hash or by their exact text; nothing is registered. */
  Enforce = 'enforce',
}

/** The roles that run GraphQL operations (integrations only post events). */
export type GraphRole = Role.Customer | Role.ServiceRep;
export const GRAPH_ROLES: readonly GraphRole[] = [Role.Customer, Role.ServiceRep];

/** The mode for each role that runs operations. */
export type TrustedDocumentsPolicy = Record<GraphRole, TrustedDocumentsMode>;

const MODES: readonly string[] = Object.values(TrustedDocumentsMode);

function modeOf(raw: string): TrustedDocumentsMode {
  const mode = raw.trim();
  if (!MODES.includes(mode)) throw new Error(raw);
  return mode as TrustedDocumentsMode;
}

/** `enforce` (every role), or `customer=enforce,service_rep=off` (roles left out keep their default). */
export const trustedDocumentsPolicy: SettingKind<Partial<TrustedDocumentsPolicy>> = {
  accepts: `one of ${MODES.join(', ')} for every role, or role=mode pairs such as customer=enforce,service_rep=off`,
  parse: (raw) => {
    if (!raw.includes('=')) {
      const mode = modeOf(raw);
      return Object.fromEntries(GRAPH_ROLES.map((role) => [role, mode]));
    }
    const policy: Partial<TrustedDocumentsPolicy> = {};
    for (const pair of raw.split(',').filter((p) => p.trim() !== '')) {
      const [role, mode] = pair.split('=', 2).map((part) => part.trim());
      if (!GRAPH_ROLES.includes(role as GraphRole) || mode === undefined) throw new Error(pair);
      policy[role as GraphRole] = modeOf(mode);
    }
    return policy;
  },
};

/**
 * The policy when the setting leaves a role out: in production a customer's token runs only the
 * portal's shipped operations; in development a customer's free-form operations are logged; a
 * service rep (the explorer) is free-form everywhere.
 */
export function defaultTrustedDocumentsPolicy(production: boolean): TrustedDocumentsPolicy {
  return {
    [Role.Customer]: production ? TrustedDocumentsMode.Enforce : TrustedDocumentsMode.Log,
    [Role.ServiceRep]: TrustedDocumentsMode.Off,
  };
}
