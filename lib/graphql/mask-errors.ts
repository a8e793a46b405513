import type { GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../errors';
import type { Logger } from '../logger';
import { traceIdOfError } from './error-trace';

/** Codes whose messages are meant for clients; anything else is an internal detail. */
const PUBLIC_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.Internal),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Keeps public errors, masks everything else to a generic message with a reference id and the
 * request's trace id (given, or remembered for the error), and logs the detail under both, so a client's report leads to the log line.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown, logger: Logger, knownTraceId?: string): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
    const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const errorId = randomUUID();
  const traceId = knownTraceId ?? traceIdOfError(error);
  logger.error('internal error', { errorId, traceId, message: formatted.message, path: formatted.path, error });
  return {
    message: `Internal server error (reference ${errorId})`,
    path: formatted.path,
    extensions: traceId ? { code: ErrorCode.Internal, errorId, traceId } : { code: ErrorCode.Internal, errorId },
  };
}
