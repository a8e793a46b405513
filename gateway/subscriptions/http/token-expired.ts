import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../lib/errors';

/**
 * The last event of an SSE or multipart stream whose token expired (docs/contract.md §7): from then on
 * the same request would be answered 401 `UNAUTHENTICATED`, so the stream says so and ends, as a
 * graphql-ws session closes with 4403. `lastCursor` (the last update delivered) lets the client
 * resubscribe with a fresh token and `after: lastCursor` without losing anything.
 */
export function tokenExpiredError(lastCursor: string | undefined): GraphQLError {
  return new GraphQLError('the token expired: subscribe again with a fresh token (after: extensions.lastCursor resumes)', {
    extensions: { code: ErrorCode.Unauthenticated, ...(lastCursor !== undefined && { lastCursor }) },
  });
}
