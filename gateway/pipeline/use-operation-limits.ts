import { ErrorCode } from '../../lib/errors';
import type { PerRole } from '../../lib/settings/per-role';
import { forRole } from '../../lib/settings/per-role';
import type { PipelinePlugin } from './types';
import { refuse } from './types';

/**
 * Refuses operations over the depth, alias, directive or token limits, or whose estimated cost is
 * over the caller's role's per-operation budget (`maxCost`), with QUERY_TOO_COMPLEX before they are
 * planned or executed. The estimate itself runs once, in the pipeline, so the rate limit charges the
 * same cost this guard judges.
 */
export function useOperationLimits(maxCost: PerRole<number> = Number.POSITIVE_INFINITY): PipelinePlugin {
  return {
    name: 'operation-limits',
    onOperation(context) {
      if (context.overLimit !== undefined) return refuse(400, ErrorCode.TooComplex, context.overLimit);
      if (context.cost === undefined || !context.identity) return;
      const most = forRole(maxCost, context.identity.role);
      if (context.cost > most)
        return refuse(
          400,
          ErrorCode.TooComplex,
          `operation's estimated cost is ${context.cost}; a ${context.identity.role} may run operations of at most ${most}: ask for fewer items (first) or fewer fields`,
        );
    },
  };
}
