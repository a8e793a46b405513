import DataLoader from 'dataloader';
import path from 'node:path';
import { eventKey } from '../../lib/events/types';
import type { GovernanceOptions } from '../../lib/governance';
import type { Identity } from '../../lib/identity/identity';
import type { Runtime } from '../../lib/runtime/runtime';
import type { SubgraphDefinition, SubgraphStartOptions } from '../../lib/server/subgraph-service';
import { startSubgraph } from '../../lib/server/subgraph-service';
import type { RunningService } from '../../lib/server/subgraph-server';
import { optionsFrom } from '../../lib/settings';
import { WEBHOOK_DELIVERY } from '../../lib/webhook-settings';
import type { GovernanceContext } from './context';
import { governanceResolvers } from './resolvers';
import { slaDocuments } from './sla/keys';
import { ShipmentWatch } from './sla/shipment-watch';
import { startSlaMonitoring } from './sla/sla-monitoring';
import { EventTracer } from './traces/event-trace';
import type { WebhookService } from './webhooks/webhook-service';
import { startWebhooks } from './webhooks/webhook-service';

const watchOf = (runtime: Runtime, governance: GovernanceOptions) => new ShipmentWatch(slaDocuments(runtime), governance.sla);

function context(
  identity: Identity | null,
  runtime: Runtime,
  governance: GovernanceOptions,
  webhooks: WebhookService | null,
): GovernanceContext {
  const tracer = new EventTracer(runtime.pipeline);
  return {
    identity,
    pipeline: runtime.pipeline,
    changes: runtime.changes,
    watch: watchOf(runtime, governance),
    governance,
    tracer,
    traces: new DataLoader((refs) => tracer.traceMany(refs), { cacheKeyFn: eventKey }),
    webhooks,
  };
}

/**
 * Lading's integration layer as a subgraph: pipeline state, event traces, SLAs and webhooks. It
 * applies no canonical event, so it runs no log consumer of its own; its SLA scheduler and webhook
 * delivery consume the `shipments` change stream (docs/governance.md).
 */
export const governanceSubgraph: SubgraphDefinition<GovernanceContext> = {
  name: 'governance',
  schemaPath: path.join(__dirname, 'schema.graphql'),
  resolvers: governanceResolvers,
  context: (identity, _documents, runtime, governance) => context(identity, runtime, governance, null),
  background: (_documents, runtime, governance, metrics, logger) =>
    startSlaMonitoring({ watch: watchOf(runtime, governance), runtime, governance, metrics, logger }),
};

export function start(options: SubgraphStartOptions): Promise<RunningService> {
  const settings = { ...optionsFrom(WEBHOOK_DELIVERY), ...options.webhooks };
  let webhooks: WebhookService | null = null;
  return startSubgraph<GovernanceContext>(
    {
      ...governanceSubgraph,
      workers: (_documents, runtime, services) => (webhooks = startWebhooks(runtime, settings, services)),
      context: (identity, _documents, runtime, governance) => context(identity, runtime, governance, webhooks),
    },
    options,
  );
}
