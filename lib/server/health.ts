import { Router } from 'express';
import type { Metrics } from './metrics';

/** A named dependency check; it rejects when the dependency does not answer. */
export type ReadinessChecks = Record<string, () => Promise<unknown>>;

/** A dependency slower than this counts as down, so /health/ready answers in bounded time even when Redis or a subgraph hangs. */
const CHECK_TIMEOUT_MS = 2000;

function withTimeout(check: () => Promise<unknown>): Promise<unknown> {
  return Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref())]);
}

/**
 * `/health/live`, `/health/ready` (503 naming what is down) and `/metrics` (docs/contract.md §9).
 * `details`: what readiness reports beside, whether ready or not (the gateway: each
 * synchronisation class's freshness); it never makes a service unready.
 */
export function operationsRouter(checks: ReadinessChecks, metrics: Metrics, details?: () => Promise<Record<string, unknown>>): Router {
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'live' });
  });
  router.get('/health/ready', async (_req, res) => {
    const names = Object.keys(checks);
    const outcomes = await Promise.allSettled(names.map((name) => withTimeout(checks[name])));
    const down = names.filter((_, i) => outcomes[i].status === 'rejected');
    // Beside the names, why each is down: which Redis node does not answer, say.
    const reasons = Object.fromEntries(
      names.flatMap((name, i) => {
        const outcome = outcomes[i];
        return outcome.status === 'rejected'
          ? [[name, outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason)]]
          : [];
      }),
    );
    const extra = details ? { details: await withTimeout(details).catch(() => ({})) } : {};
    if (down.length === 0) res.json({ status: 'ready', ...extra });
    else res.status(503).json({ status: 'not ready', down, reasons, ...extra });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
