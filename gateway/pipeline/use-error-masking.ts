import type { ErrorPolicy } from '../../lib/graphql/error-policy';
import { maskError } from '../../lib/graphql/mask-errors';
import type { Logger } from '../../lib/logger';
import type { PipelinePlugin } from './types';

/**
 * Errors without a public code (or one `policy` adds) become INTERNAL_SERVER_ERROR with a reference and
 * the trace id; the detail is logged. `policy` may forward subgraph errors with their message.
 */
export function useErrorMasking(logger: Logger, policy?: ErrorPolicy): PipelinePlugin {
  return {
    name: 'error-masking',
    formatError: (context, formatted, original) => maskError(formatted, original, logger, context.traceId, policy),
  };
}
