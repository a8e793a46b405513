import { Router } from 'express';
import { ErrorCode } from '../../lib/errors';
import { Role } from '../../lib/identity/identity';
import type { Metrics } from '../../lib/server/metrics';
import type { Authenticator } from '../auth/authenticator';
import { identityOf, requireBearer } from '../auth/require-identity';
import { operationsPage } from './operations-page';

export interface OperationsRouterOptions {
  authenticate: Authenticator;
  /** This gateway's `lading_events_total`: what it received, by type and result (duplicates included). */
  metrics: Metrics;
}

/**
 * `GET /operations`: the service reps' operations page. The page itself is static (like the
 * explorer) and needs no token; every number on it comes from the graph (`operationsOverview`) or
 * `GET /operations/ingest`, both behind the bearer token the rep pastes, service_rep only.
 */
export function operationsPageRouter(options: OperationsRouterOptions): Router {
  const router = Router();
  const page = operationsPage();
  router.get('/operations', (_req, res) => {
    res.type('html').set('Cache-Control', 'no-store').send(page);
  });
  router.get('/operations/ingest', requireBearer(options.authenticate), async (_req, res) => {
    if (identityOf(res).role !== Role.ServiceRep) {
      res
        .status(403)
        .json({ errors: [{ message: 'the operations page needs the service_rep role', extensions: { code: ErrorCode.Forbidden } }] });
      return;
    }
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
