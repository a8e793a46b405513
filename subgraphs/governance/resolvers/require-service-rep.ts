import { Role, requireIdentity, requireRole } from '../../../lib/identity/identity';
import type { GovernanceContext } from '../context';

/** Most of governance is for service reps (docs/contract.md §3): anyone else gets FORBIDDEN, no token UNAUTHENTICATED. */
export function requireServiceRep(context: Pick<GovernanceContext, 'identity'>): void {
  requireRole(requireIdentity(context.identity), Role.ServiceRep);
}
