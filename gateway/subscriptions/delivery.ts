import type { ExecutionResult } from 'graphql';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../lib/errors';
import { decodeUpdateCursor } from '../../lib/graphql/update-cursor';

/** One resolved update, shared by every subscriber of a stream: resolved and built once. */
export interface Delivery {
  result: ExecutionResult;
  /** The update's cursor; absent for results that are not updates (errors). */
  cursor?: string;
  /** Log position and update id, decoded from the cursor once, for ordering and deduplication. */
  position?: string;
  id?: string;
  /** The entity the update is about (`KEY_ALIAS`); null when it names none; absent for a result that is not an update. */
  key?: string | null;
  /** Nobody of the stream wanted it, so it was not resolved: only its cursor counts (where to resume). */
  passed?: boolean;
}

export function deliveryOf(result: ExecutionResult, cursor: unknown): Delivery {
  if (typeof cursor !== 'string') return { result };
  let update: { id: string; position: string };
  try {
    update = decodeUpdateCursor(cursor);
  } catch {
    return { result };
  }
  return { result: { ...result, extensions: { ...result.extensions, cursor } }, cursor, ...update };
}

/** docs/contract.md §7: the subscriber missed updates and must resume with `after: extensions.lastCursor`. */
export function updatesMissed(reason: string, lastCursor: string | undefined): GraphQLError {
  return new GraphQLError(`updates were missed (${reason}): resubscribe with after: extensions.lastCursor`, {
    extensions: { code: ErrorCode.UpdatesMissed, lastCursor: lastCursor ?? null },
  });
}
