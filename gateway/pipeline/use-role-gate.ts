import { ErrorCode } from '../../lib/errors';
import { Role } from '../../lib/identity/identity';
import type { PipelinePlugin } from './types';
import { refuse } from './types';

/** The graph is for portals and service reps; integrations may only post events (docs/contract.md §3). */
export function useRoleGate(): PipelinePlugin {
  return {
    name: 'role-gate',
    onRequest(context) {
      if (context.identity?.role === Role.Integration)
        return refuse(403, ErrorCode.Forbidden, 'the integration role may only POST /events');
    },
  };
}
