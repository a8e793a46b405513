import { maskError } from '../../lib/graphql/mask-errors';
import type { Logger } from '../../lib/logger';
import type { PipelinePlugin } from './types';

/** Errors without a public code become INTERNAL_SERVER_ERROR with a reference and the trace id; the detail is logged. */
export function useErrorMasking(logger: Logger): PipelinePlugin {
  return {
    name: 'error-masking',
    formatError: (context, formatted, original) => maskError(formatted, original, logger, context.traceId),
  };
}
