import type DataLoader from 'dataloader';
import type { ChangeStreams } from '../../lib/changes/change-stream';
import type { EventPipeline } from '../../lib/events/pipeline';
import type { GovernanceOptions } from '../../lib/governance';
import type { Identity } from '../../lib/identity/identity';
import type { ShipmentWatch } from './sla/shipment-watch';
import type { EventTrace, EventTracer } from './traces/event-trace';
import type { WebhookService } from './webhooks/webhook-service';

export interface GovernanceContext {
  identity: Identity | null;
  /** The event log and its held events and dead letters: the pipeline's state, which this subgraph reports. */
  pipeline: EventPipeline;
  /** The change streams the watch reads (a read catches the watch up first). */
  changes: ChangeStreams;
  /** What governance knows of shipments, from the change stream: SLA breaches, status, funnel. */
  watch: ShipmentWatch;
  /** SLA rules, scheduler interval and clock. */
  governance: GovernanceOptions;
  tracer: EventTracer;
  /** Per request: traces the gateway comes back for (EventTrace entities), rebuilt with one scan of the log. */
  traces: DataLoader<{ source: string; id: string }, EventTrace | null, string>;
  /** Webhook endpoints and deliveries; null where delivery is not running. */
  webhooks: WebhookService | null;
}
