import { ErrorCode } from '../../lib/errors';
import { Role } from '../../lib/identity/identity';
import type { PipelinePlugin } from './types';
import { Door, refuse } from './types';

interface DoorRule {
  roles: readonly Role[];
  /** What a refused caller is told. */
  refusal: string;
}

/**
 * Who may come through which door (docs/contract.md §3), in one table: the graph is for portals and service
 * reps, events are posted by integrations only, the operations page's data is for service reps.
 */
export const DOOR_ROLES: Readonly<Record<Door, DoorRule>> = {
  [Door.Graph]: {
    roles: [Role.Customer, Role.ServiceRep],
    refusal: 'the integration role may only post events (POST /events, /edi/x12-214, /dcsa/events)',
  },
  [Door.Ingest]: { roles: [Role.Integration], refusal: 'posting events needs the integration role' },
  [Door.Operations]: { roles: [Role.ServiceRep], refusal: 'the operations page needs the service_rep role' },
};

/** 403 FORBIDDEN for a role its door does not admit, on every door and transport alike. */
export function useRoleGate(rules: Readonly<Record<Door, DoorRule>> = DOOR_ROLES): PipelinePlugin {
  return {
    name: 'role-gate',
    onRequest(context) {
      const rule = rules[context.request.door ?? Door.Graph];
      if (context.identity && !rule.roles.includes(context.identity.role)) return refuse(403, ErrorCode.Forbidden, rule.refusal);
    },
  };
}
