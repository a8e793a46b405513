import { Router } from 'express';
import type { Metrics } from '../../lib/server/metrics';
import { guardDoor } from '../doors/guard-door';
import type { RequestPipeline } from '../pipeline';
import { Door } from '../pipeline';
import { operationsPage } from './operations-page';

export interface OperationsRouterOptions {
  /** The guards every door passes (authentication, the service_rep role, trace, the budget). */
  pipeline: RequestPipeline;
  /** This gateway's `lading_events_total`: what it received, by type and result (duplicates included). */
  metrics: Metrics;
}

/**
 * `GET /operations`: the service reps' operations page. The page itself is static (like the
 * explorer) and needs no token; every number on it comes from the graph (`operationsOverview`),
 * `GET /operations/ingest` or `GET /operations/sync` (freshness.ts), all behind the bearer token the rep pastes, service_rep only.
 */
export function operationsPageRouter(options: OperationsRouterOptions): Router {
  const router = Router();
  const page = operationsPage();
  router.get('/operations', (_req, res) => {
    res.type('html').set('Cache-Control', 'no-store').send(page);
  });
  router.get('/operations/ingest', guardDoor(options.pipeline, Door.Operations), async (_req, res) => {
    const { values } = await options.metrics.eventsIngested.get();
    res.json({
      events: values.map((v) => ({
        type: String(v.labels.type),
        result: String(v.labels.result),
        route: String(v.labels.route),
        count: v.value,
      })),
    });
  });
  return router;
}
