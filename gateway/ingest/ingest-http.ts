import type { Response } from 'express';
import { ErrorCode } from '../../lib/errors';
import { IngestThrottled } from '../../lib/events/sync-lag';
import type { Metrics } from '../../lib/server/metrics';

/** The JSON error body every ingest door answers with: GraphQL's error shape, so clients parse one form. */
export function problem(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Answers a request pushed back for its class's lag (lib/events/sync-lag.ts): `429` with
 * `Retry-After`, the class named. False when `error` is something else.
 */
export function answerThrottled(res: Response, error: unknown, metrics: Metrics): boolean {
  if (!(error instanceof IngestThrottled)) return false;
  metrics.ingestThrottled.inc({ class: error.syncClass });
  res.status(429).set('Retry-After', String(error.retryAfterSeconds)).json(problem(ErrorCode.RateLimited, error.message));
  return true;
}
