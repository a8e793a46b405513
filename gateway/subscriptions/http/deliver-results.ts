import type { ExecutionResult } from 'graphql';
import { GraphQLError } from 'graphql';
import type { AsyncQueue } from '../../../lib/graphql/async-queue';
import { maskError } from '../../../lib/graphql/mask-errors';
import type { Logger } from '../../../lib/logger';
import { atExpiry } from '../session-expiry';
import type { StreamWriter } from './stream-writers';
import { tokenExpiredError } from './token-expired';

export interface Delivery {
  /** When the credentials of the operation expire (ms since the epoch), if they say. */
  expiresAt?: number;
  logger: Logger;
  /** Called with each delivered update's cursor (single-connection mode remembers it for a resume). */
  onCursor?(cursor: string): void;
}

/**
 * Writes one subscription's results until its queue ends, the reader leaves, or its token expires
 * (then a final `UNAUTHENTICATED` error with the last cursor: nothing is delivered after expiry, as a
 * graphql-ws session closes with 4403). An execution error ends the stream as an error result. The
 * caller ends the writer; this only writes results.
 */
export async function deliverResults(queue: AsyncQueue<ExecutionResult>, writer: StreamWriter, delivery: Delivery): Promise<void> {
  const { logger } = delivery;
  let expired = false;
  const cancelExpiry =
    delivery.expiresAt === undefined
      ? () => undefined
      : atExpiry(delivery.expiresAt, () => {
          expired = true;
          void queue.return();
        });
  let lastCursor: string | undefined;
  try {
    for await (const result of queue) {
      if (expired) break;
      await writer.next(masked(result, logger));
      const cursor = result.extensions?.cursor;
      if (typeof cursor === 'string') {
        lastCursor = cursor;
        delivery.onCursor?.(cursor);
      }
    }
    if (expired) await writer.fail({ errors: [tokenExpiredError(lastCursor)] });
  } catch (error) {
    const formatted = maskError(error instanceof GraphQLError ? error.toJSON() : { message: String(error) }, error, logger);
    await writer.fail({ errors: [formatted as GraphQLError] });
  } finally {
    cancelExpiry();
  }
}

function masked(result: ExecutionResult, logger: Logger): ExecutionResult {
  if (!result.errors) return result;
  return { ...result, errors: result.errors.map((e) => maskError(e.toJSON(), e, logger) as GraphQLError) };
}
