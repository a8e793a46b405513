import { Counter, Gauge } from 'prom-client';
import type { GovernanceOptions } from '../../../lib/governance';
import type { Logger } from '../../../lib/logger';
import type { Runtime } from '../../../lib/runtime/runtime';
import type { Metrics } from '../../../lib/server/metrics';
import { openSlaBreaches } from './open-breaches';
import type { ShipmentWatch } from './shipment-watch';
import { SlaScheduler } from './sla-scheduler';

export interface SlaMonitoringOptions {
  watch: ShipmentWatch;
  runtime: Runtime;
  governance: GovernanceOptions;
  metrics: Metrics;
  logger: Logger;
}

/** The governance subgraph's SLA scheduler and its two metrics (docs/metrics.md). */
export function startSlaMonitoring(options: SlaMonitoringOptions): { dispose(): Promise<void> } {
  const { watch, runtime, governance, metrics, logger } = options;
  const registers = [metrics.registry];
  const fired = new Counter({
    name: 'lading_sla_breaches_fired_total',
    help: 'SLA breaches recorded, by code (each once, whichever instance recorded it)',
    labelNames: ['code'],
    registers,
  });
  new Gauge({
    name: 'lading_sla_breaches_open',
    help: 'SLA breaches open now, by code',
    labelNames: ['code'],
    registers,
    async collect() {
      this.reset();
      const open = await openSlaBreaches(watch, runtime.pipeline, governance).catch(() => []);
      for (const breach of open) this.inc({ code: breach.code });
    },
  });
  const scheduler = new SlaScheduler({
    changes: runtime.changes,
    watch,
    ops: runtime.documents('events'),
    pipeline: runtime.pipeline,
    governance,
    logger,
    onFired: (code) => fired.inc({ code }),
  }).start();
  return { dispose: () => scheduler.dispose() };
}
