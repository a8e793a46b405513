import type { Router } from 'express';
import { Router as router } from 'express';
import type { SyncLagMonitor } from '../../lib/events/sync-lag';
import type { Metrics } from '../../lib/server/metrics';
import { guardDoor } from '../doors/guard-door';
import type { RequestPipeline } from '../pipeline';
import { Door } from '../pipeline';

/** The freshness of each synchronisation class, at most the monitor's interval old: the operations page and `/metrics` show it. */
export function freshnessNow(monitor: SyncLagMonitor) {
  return monitor.current();
}

/** How long readiness waits for a fresh reading before it reports the last one. */
const READINESS_WAIT_MS = 250;

/**
 * The same for readiness details: read now if that is quick, else the last reading. Readiness must
 * answer at once when a Redis node is away, which is exactly when reading the lag hangs.
 */
export async function freshnessForReadiness(monitor: SyncLagMonitor) {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, READINESS_WAIT_MS)));
  const read = await Promise.race([monitor.current(), waited]);
  clearTimeout(timer);
  return read ?? monitor.classes();
}

/** `lading_sync_lag_seconds`, `lading_sync_backlog` and `lading_sync_throttled` per class, read at scrape time. */
export function registerFreshnessMetrics(metrics: Metrics, monitor: SyncLagMonitor): void {
  const perClass = (value: (c: Awaited<ReturnType<typeof freshnessNow>>[number]) => number) => async () =>
    (await freshnessNow(monitor)).map((c) => ({ labels: { class: c.syncClass }, value: value(c) }));
  metrics.labelledGaugeFrom(
    'lading_sync_lag_seconds',
    "Age of each synchronisation class's oldest unhandled event, in the consumer group furthest behind",
    ['class'],
    perClass((c) => c.lagSeconds),
  );
  metrics.labelledGaugeFrom(
    'lading_sync_backlog',
    "Each synchronisation class's unhandled events, in the consumer group furthest behind",
    ['class'],
    perClass((c) => c.backlog),
  );
  metrics.labelledGaugeFrom(
    'lading_sync_throttled',
    'Whether ingest answers 429 for the class (its lag is past its limit): 1 or 0',
    ['class'],
    perClass((c) => (c.throttled ? 1 : 0)),
  );
}

/** `GET /operations/sync`: the operations page's freshness panel, service_rep only like the rest of its numbers. */
export function freshnessRouter(pipeline: RequestPipeline, monitor: SyncLagMonitor, metrics: Metrics): Router {
  const routes = router();
  routes.get('/operations/sync', guardDoor(pipeline, Door.Operations), async (_req, res) => {
    const throttled = await metrics.ingestThrottled.get();
    const refused = (syncClass: string) => throttled.values.find((v) => v.labels.class === syncClass)?.value ?? 0;
    res.json({ classes: (await freshnessNow(monitor)).map((c) => ({ ...c, refusedRequests: refused(c.syncClass) })) });
  });
  return routes;
}
