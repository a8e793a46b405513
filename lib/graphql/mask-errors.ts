import type { GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { ErrorPolicy } from './error-policy';
import { DEFAULT_ERROR_POLICY, DOWNSTREAM_SERVICE_ERROR } from './error-policy';
import { traceIdOfError } from './error-trace';

/**
 * Codes whose messages are meant for clients, from Lading or from a subgraph (the list in
 * docs/request-pipeline.md, "Errors by policy"); anything else is an internal detail.
 */
export const PUBLIC_CODES: ReadonlySet<string> = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.Internal),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** @apollo/gateway names the subgraph an error came from in `extensions.serviceName`. */
function fromSubgraph(formatted: GraphQLFormattedError): boolean {
  return typeof formatted.extensions?.serviceName === 'string';
}

function withoutStack(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions };
}

/**
 * Keeps public errors, masks everything else to a generic message with a reference id and the
 * request's trace id (given, or remembered for the error), and logs the detail under both, so a client's report leads to the log line.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Logger,
  knownTraceId?: string,
  policy: ErrorPolicy = DEFAULT_ERROR_POLICY,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && (PUBLIC_CODES.has(code) || policy.publicCodes.includes(code))) return withoutStack(formatted);
  if (policy.forwardSubgraphErrors && fromSubgraph(formatted)) {
    const forwarded = withoutStack(formatted);
    return { ...forwarded, extensions: { ...forwarded.extensions, code: typeof code === 'string' ? code : DOWNSTREAM_SERVICE_ERROR } };
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
