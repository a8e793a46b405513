import path from 'node:path';
import type { Identity } from '../../lib/identity/identity';
import type { Runtime } from '../../lib/runtime/runtime';
import type { SubgraphDefinition, SubgraphStartOptions } from '../../lib/server/subgraph-service';
import { startSubgraph } from '../../lib/server/subgraph-service';
import type { RunningService } from '../../lib/server/subgraph-server';
import { serveSubgraphWs } from '../../lib/server/subgraph-ws';
import type { DocumentStore } from '../../lib/store/document-store';
import type { GovernanceOptions } from '../../lib/governance';
import type { TransportContext } from './context';
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

function context(
  identity: Identity | null,
  documents: DocumentStore,
  runtime: Runtime,
  governance: GovernanceOptions,
  webhooks: WebhookService | null = null,
): TransportContext {
  const store = new TransportStore(documents);
  return {
    governance,
    identity,
    store,
    loaders: createTransportLoaders(store),
    pipeline: runtime.pipeline,
    updates: new ShipmentUpdateFeed(runtime.changes, store),
    webhooks,
  };
}

export const transportSubgraph: SubgraphDefinition<TransportContext> = {
  name: 'transport',
  schemaPath: path.join(__dirname, 'schema.graphql'),
  resolvers: transportResolvers,
  // Each change is appended to the `shipments` change stream in the commit that stores it (record-fact.ts).
  handlers: () => transportHandlers(),
  prefetch: prefetchTransport,
  context: (identity, documents, runtime, governance) => context(identity, documents, runtime, governance),
  background: (documents, runtime, governance, metrics, logger) => startSlaMonitoring({ documents, runtime, governance, metrics, logger }),
  attach: (server, schema, documents, runtime, trust, governance) =>
    serveSubgraphWs<TransportContext>(server, schema, {
      context: (identity) => context(identity, documents, runtime, governance),
      trust,
    }),
};

/**
 * Webhooks run beside the transport subgraph, which owns the ShipmentUpdate shape; they read the
 * `shipments` change stream, not its store, so they can move to a room of their own (docs/webhooks.md).
 */
export function start(options: SubgraphStartOptions): Promise<RunningService> {
  const settings: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, ...options.webhooks };
  let webhooks: WebhookService | null = null;
  return startSubgraph<TransportContext>(
    {
      ...transportSubgraph,
      workers: (_documents, runtime, services) => (webhooks = startWebhooks(runtime, settings, services)),
      context: (identity, documents, runtime, governance) => context(identity, documents, runtime, governance, webhooks),
    },
    options,
  );
}
