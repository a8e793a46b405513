import { ErrorCode } from '../../lib/errors';
import type { PipelinePlugin } from './types';
import { refuse } from './types';

/**
 * Refuses operations over the depth, alias, directive, token or cost limits (QUERY_TOO_COMPLEX) before
 * they are planned or executed. The estimate itself runs once, in the pipeline, so the rate limit
 * charges the same cost this guard judges.
 */
export function useOperationLimits(): PipelinePlugin {
  return {
    name: 'operation-limits',
    onOperation(context) {
      if (context.overLimit !== undefined) return refuse(400, ErrorCode.TooComplex, context.overLimit);
    },
  };
}
