import path from 'node:path';
import type { Identity } from '../../lib/identity/identity';
import type { Runtime } from '../../lib/runtime/runtime';
import type { SubgraphDefinition, SubgraphStartOptions } from '../../lib/server/subgraph-service';
import { startSubgraph } from '../../lib/server/subgraph-service';
import type { RunningService } from '../../lib/server/subgraph-server';
import { serveSubgraphWs } from '../../lib/server/subgraph-ws';
import type { DocumentStore } from '../../lib/store/document-store';
import type { EventConsumers } from '../../lib/events/event-consumers';
import type { GovernanceOptions } from '../../lib/governance';
import type { TransportContext } from './context';
import { EventTracer } from './governance/event-trace';
import { startSlaMonitoring } from './sla/sla-monitoring';
import { prefetchTransport, transportHandlers } from './events';
import { createTransportLoaders } from './loaders';
import { transportResolvers } from './resolvers';
import { TransportStore } from './store/transport-store';
import { ShipmentUpdateFeed } from './subscriptions/shipment-update-feed';
import type { WebhookService } from './webhooks/webhook-service';
import { startWebhooks } from './webhooks/webhook-service';
import type { WebhookSettings } from '../../lib/webhook-settings';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../lib/webhook-settings';

/** The transport subgraph's start options: the common ones, and what only the composition root knows. */
export interface TransportStartOptions extends SubgraphStartOptions {
  /** Which subgraphs apply each event type, for event traces (stack/subgraph-handlers.ts). */
  eventConsumers: EventConsumers;
}

function context(
  identity: Identity | null,
  documents: DocumentStore,
  runtime: Runtime,
  governance: GovernanceOptions,
  consumers: EventConsumers,
  webhooks: WebhookService | null = null,
): TransportContext {
  const store = new TransportStore(documents);
  return {
    tracer: new EventTracer(runtime, consumers),
    governance,
    identity,
    store,
    loaders: createTransportLoaders(store),
    pipeline: runtime.pipeline,
    updates: new ShipmentUpdateFeed(runtime.changes, store),
    webhooks,
  };
}

export const transportSubgraph = (consumers: EventConsumers): SubgraphDefinition<TransportContext> => ({
  name: 'transport',
  schemaPath: path.join(__dirname, 'schema.graphql'),
  resolvers: transportResolvers,
  // Each change is appended to the `shipments` change stream in the commit that stores it (record-fact.ts).
  handlers: () => transportHandlers(),
  prefetch: prefetchTransport,
  context: (identity, documents, runtime, governance) => context(identity, documents, runtime, governance, consumers),
  background: (documents, runtime, governance, metrics, logger) => startSlaMonitoring({ documents, runtime, governance, metrics, logger }),
  attach: (server, schema, documents, runtime, trust, governance) =>
    serveSubgraphWs<TransportContext>(server, schema, {
      context: (identity) => context(identity, documents, runtime, governance, consumers),
      trust,
    }),
});

/**
 * Webhooks run beside the transport subgraph, which owns the ShipmentUpdate shape; they read the
 * `shipments` change stream, not its store, so they can move to a room of their own (docs/webhooks.md).
 */
export function start(options: TransportStartOptions): Promise<RunningService> {
  const settings: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, ...options.webhooks };
  const consumers = options.eventConsumers;
  let webhooks: WebhookService | null = null;
  return startSubgraph<TransportContext>(
    {
      ...transportSubgraph(consumers),
      workers: (_documents, runtime, services) => (webhooks = startWebhooks(runtime, settings, services)),
      context: (identity, documents, runtime, governance) => context(identity, documents, runtime, governance, consumers, webhooks),
    },
    options,
  );
}
