import { ALL_ROLES, Role } from '../identity/identity';
import type { SettingKind } from './kinds';

/** A value for every role, or one for all of them (what tests and single-role deployments pass). */
export type PerRole<T> = T | Readonly<Record<Role, T>>;

/** The value that applies to `role`. */
export function forRole<T>(value: PerRole<T>, role: Role): T {
  return typeof value === 'object' && value !== null ? (value as Record<Role, T>)[role] : value;
}

/** The largest value over all roles (a bound that holds whoever asks). */
export function largestOf(value: PerRole<number>): number {
  return Math.max(...ALL_ROLES.map((role) => forRole(value, role)));
}

/** `customer=10,service_rep=20,integration=5` as the configuration reference prints a default. */
export function perRoleText(values: Readonly<Record<Role, number>>): string {
  return ALL_ROLES.map((role) => `${role}=${values[role]}`).join(',');
}

/**
 * One value for every role (`500`), or role=value pairs (`customer=500,service_rep=20000`): roles left
 * out keep `defaults`, so an operator raises one role's budget without restating the others.
 */
export function perRole(kind: SettingKind<number>, defaults: Readonly<Record<Role, number>>): SettingKind<Readonly<Record<Role, number>>> {
  return {
    accepts: `${kind.accepts}, for every role or as role=value pairs such as ${Role.Customer}=500,${Role.ServiceRep}=20000`,
    parse: (raw) => {
      if (!raw.includes('=')) {
        const value = kind.parse(raw);
        return Object.fromEntries(ALL_ROLES.map((role) => [role, value])) as Record<Role, number>;
      }
      const values: Record<Role, number> = { ...defaults };
      for (const pair of raw.split(',').filter((p) => p.trim() !== '')) {
        const [role, value] = pair.split('=', 2).map((part) => part.trim());
        if (!ALL_ROLES.includes(role as Role) || value === undefined) throw new Error(pair);
        values[role as Role] = kind.parse(value);
      }
      return values;
    },
  };
}
