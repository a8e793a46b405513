import { Router } from 'express';
import { ErrorCode } from '../../lib/errors';
import type { Ingestor } from '../../lib/events/ingest';
import type { Logger } from '../../lib/logger';
import type { Metrics } from '../../lib/server/metrics';
import { guardDoor, identityOf } from '../doors/guard-door';
import { bodyLimit } from '../limits/body-limit';
import type { RequestPipeline } from '../pipeline';
import { Door } from '../pipeline';
import { answerThrottled, problem } from './ingest-http';
import { parseCloudEventsBody } from './cloudevents-body';
import { isBinaryMode, parseBinaryEvent } from './cloudevents-binary';
import { countEvents } from './count-events';

export interface EventsRouterOptions {
  /** The guards every door passes (authentication, the integration role, trace, the budget). */
  pipeline: RequestPipeline;
  ingestor: Ingestor;
  maxBytes: number;
  /** `lading_events_total` by type, result and route. */
  metrics: Metrics;
  logger: Logger;
}

/** `POST /events` (docs/contract.md §5): structured, batch or binary mode; 202 with a result per event, in request order. */
export function eventsRouter(options: EventsRouterOptions): Router {
  const router = Router();
  router.post('/events', guardDoor(options.pipeline, Door.Ingest), bodyLimit('text', options.maxBytes), async (req, res) => {
    const body = typeof req.body === 'string' ? req.body : '';
    // Binary mode first: its Content-Type is the data's, so it says nothing about the mode.
    const parsed = isBinaryMode(req.headers) ? parseBinaryEvent(req.headers, body) : parseCloudEventsBody(req.header('content-type'), body);
    if (!parsed.ok) {
      res.status(parsed.status).json(problem(ErrorCode.BadUserInput, parsed.message));
      return;
    }
    try {
      // The caller's token binds it to the sources and event types it may emit (docs/events.md).
      const results = await options.ingestor.ingest(parsed.events, identityOf(res));
      const types = parsed.events.map((event) => (event as { type?: unknown } | null)?.type);
      countEvents(
        options.metrics,
        '/events',
        results.map((result, i) => ({ type: types[i], status: result.status })),
      );
      res.status(202).json({ results: results.map(({ id, status, reason }) => (reason ? { id, status, reason } : { id, status })) });
    } catch (error) {
      if (answerThrottled(res, error, options.metrics)) return;
      // Never 202 for what could not be stored: the sender must retry.
      options.logger.error('event ingest failed', { error });
      res.status(503).json(problem(ErrorCode.Internal, 'events could not be stored; retry later'));
    }
  });
  return router;
}
