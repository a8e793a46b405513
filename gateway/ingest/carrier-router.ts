import type express from 'express';
import { Router } from 'express';
import type { CarrierIngestPort } from '../../lib/carriers/carrier-ingest';
import type { Ingestor } from '../../lib/events/ingest';
import type { ShipmentRegistry } from '../../lib/events/shipment-registry';
import { ingestDcsa } from '../../lib/carriers/dcsa/ingest-dcsa';
import { acknowledge214 } from '../../lib/carriers/x12/acknowledge-214';
import { functionalAck997 } from '../../lib/carriers/x12/functional-ack-997';
import type { Clock } from '../../lib/clock';
import { systemClock } from '../../lib/clock';
import type { Metrics } from '../../lib/server/metrics';
import { ErrorCode } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { guardDoor, identityOf } from '../doors/guard-door';
import { bodyLimit } from '../limits/body-limit';
import type { RequestPipeline } from '../pipeline';
import { Door } from '../pipeline';
import { answerThrottled, problem } from './ingest-http';
import { MAX_BATCH_EVENTS } from './cloudevents-body';
import { countEvents } from './count-events';

export interface CarrierRouterOptions {
  /** The guards every door passes (authentication, the integration role, trace, the budget). */
  pipeline: RequestPipeline;
  ingestor: Pick<Ingestor, 'ingest' | 'limits'>;
  deadLetters: CarrierIngestPort['deadLetters'];
  /** Resolves the references carriers send (ERP number, PRO, BOL) to Lading's shipment id. */
  shipments: Pick<ShipmentRegistry, 'resolve'>;
  maxBytes: number;
  /** `lading_events_total`: carrier events are counted with their route. */
  metrics: Metrics;
  logger: Logger;
  /** When a 997 answer says it was built; the system clock unless a test moves it. */
  clock?: Clock;
}

const X12_MEDIA_TYPES = ['application/edi-x12', 'application/edi', 'text/plain'];
const X12 = 'application/edi-x12';

/**
 * Carrier standards in (docs/carriers.md): `POST /edi/x12-214` and `POST /dcsa/events`. Both map
 * to canonical events and go through the same ingest as `POST /events`, so dedup, holding,
 * dead letters and source rules apply to them unchanged.
 */
export function carrierRouter(options: CarrierRouterOptions): Router {
  const router = Router();
  const guard = [guardDoor(options.pipeline, Door.Ingest), bodyLimit('text', options.maxBytes)];
  // The caller's binding (sources, event types, carriers) applies to mapped events exactly as on POST /events.
  const portFor = (res: express.Response): CarrierIngestPort => ({
    ingest: (events) => options.ingestor.ingest(events, identityOf(res)),
    resolve: (references) => options.shipments.resolve(references, identityOf(res).carriers),
    limits: options.ingestor.limits,
    deadLetters: options.deadLetters,
  });
  const failed = (res: express.Response, error: unknown) => {
    // Pushed back for lag: what was stored before stays stored, and the retry is deduplicated.
    if (answerThrottled(res, error, options.metrics)) return;
    options.logger.error('carrier ingest failed', { error });
    res.status(503).json(problem(ErrorCode.Internal, 'events could not be stored; retry later'));
  };

  router.post('/edi/x12-214', ...guard, async (req, res) => {
    const mediaType = (req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (!X12_MEDIA_TYPES.includes(mediaType)) {
      res.status(415).json(problem(ErrorCode.BadUserInput, `content type must be application/edi-x12, got "${mediaType || 'none'}"`));
      return;
    }
    try {
      const outcome = await acknowledge214(typeof req.body === 'string' ? req.body : '', portFor(res));
      if (!outcome.ok) {
        res.status(400).json(problem(ErrorCode.BadUserInput, `X12 interchange rejected: ${outcome.reason}`));
        return;
      }
      const { ack, interchange } = outcome;
      countEvents(
        options.metrics,
        '/edi/x12-214',
        ack.groups.flatMap((g) => g.transactionSets.flatMap((set) => (set.status === 'R' ? [{ status: 'rejected' }] : set.events))),
      );
      // A 997 for partners' translators when they ask for X12; the JSON equivalent otherwise.
      if (req.accepts(['application/json', X12]) === X12) {
        res
          .status(202)
          .type(X12)
          .send(functionalAck997(interchange, ack, new Date((options.clock ?? systemClock).now())));
        return;
      }
      res.status(202).json(ack);
    } catch (error) {
      failed(res, error);
    }
  });

  router.post('/dcsa/events', ...guard, async (req, res) => {
    let events: unknown;
    try {
      events = JSON.parse(typeof req.body === 'string' ? req.body : '');
    } catch (error) {
      res.status(400).json(problem(ErrorCode.BadUserInput, `body is not valid JSON: ${(error as Error).message}`));
      return;
    }
    if (!Array.isArray(events)) {
      res.status(400).json(problem(ErrorCode.BadUserInput, 'body must be a JSON array of DCSA Track & Trace events'));
      return;
    }
    if (events.length > MAX_BATCH_EVENTS) {
      res.status(413).json(problem(ErrorCode.BadUserInput, `at most ${MAX_BATCH_EVENTS} events per request, got ${events.length}`));
      return;
    }
    try {
      const results = await ingestDcsa(events, identityOf(res).sub, portFor(res));
      countEvents(options.metrics, '/dcsa/events', results);
      res.status(202).json({ results });
    } catch (error) {
      failed(res, error);
    }
  });

  return router;
}
