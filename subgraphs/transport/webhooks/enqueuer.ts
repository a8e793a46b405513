import { isApplied } from '../../../lib/events/applier';
import type { HeldEventStore } from '../../../lib/events/held-events';
import type { LoggedEvent } from '../../../lib/events/types';
import { eventKey } from '../../../lib/events/types';
import type { Identity } from '../../../lib/identity/identity';
import { Role, canSeeCustomer } from '../../../lib/identity/identity';
import type { Logger } from '../../../lib/logger';
import type { DocumentStore } from '../../../lib/store/document-store';
import { TransportStore } from '../store/transport-store';
import { affectedShipments } from '../subscriptions/affected-shipments';
import { updateBody } from './payload';
import type { WebhookDelivery, WebhookEndpoint } from './webhook-records';
import type { WebhookStore } from './webhook-store';
import { deliveryId } from './webhook-store';

/** The transport subgraph's consumer name: webhooks follow what it has applied. */
const TRANSPORT = 'transport';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The endpoint's view, under the one tenant rule: a customer's endpoint is that customer; a rep's sees all. */
function identityOf(endpoint: WebhookEndpoint): Identity {
  return endpoint.customerId === null
    ? { sub: endpoint.createdBy, role: Role.ServiceRep, customerId: null }
    : { sub: endpoint.createdBy, role: Role.Customer, customerId: endpoint.customerId };
}

export function endpointWants(
  endpoint: WebhookEndpoint,
  shipment: { id: string; customerId: string; status: string },
  eventType: string,
): boolean {
  return (
    canSeeCustomer(identityOf(endpoint), shipment.customerId) &&
    (endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(eventType)) &&
    (endpoint.statuses.length === 0 || endpoint.statuses.includes(shipment.status)) &&
    (endpoint.shipmentIds.length === 0 || endpoint.shipmentIds.includes(shipment.id))
  );
}

export interface EnqueuerOptions {
  transport: DocumentStore;
  held: HeldEventStore;
  store: WebhookStore;
  /** How long to wait for the transport subgraph to apply an entry before failing this attempt. */
  settleTimeoutMs: number;
  /** The event retention (applied markers live in generations of it): `LADING_EVENT_RETENTION`. */
  retentionMs?: number;
  logger: Logger;
  onQueued(): void;
}

/**
 * Handles the event log as consumer group `webhooks`: once the transport subgraph has applied an
 * entry, it queues one delivery per changed shipment and matching endpoint. The queue is stored
 * before the entry is acknowledged, so a crash in between queues it again (ids are stable, so
 * never twice).
 */
export class WebhookEnqueuer {
  private readonly transport: TransportStore;
  private reading: Promise<WebhookEndpoint[]> | undefined;

  constructor(private readonly options: EnqueuerOptions) {
    this.transport = new TransportStore(options.transport);
  }

  async handle(entry: LoggedEvent): Promise<void> {
    // Without endpoints there is nothing to deliver, and no reason to wait for the transport subgraph.
    if ((await this.endpoints()).length === 0) return;
    const shipmentIds = await affectedShipments(entry, this.options.transport);
    if (shipmentIds.length === 0) return;
    if ((await this.settled(entry)) === 'held') {
      // Applied only once the shipment exists; its creating entry comes later in the log and brings this one along.
      await this.options.store.defer(entry.event.subject, entry);
      return;
    }
    await this.enqueue(entry, shipmentIds);
    for (const shipmentId of shipmentIds) {
      for (const { key, entry: deferred } of await this.options.store.deferred(shipmentId)) {
        if ((await this.settled(deferred)) === 'held') continue;
        await this.enqueue(deferred, [shipmentId]);
        await this.options.store.forgetDeferred(shipmentId, key);
      }
    }
  }

  /**
   * The endpoints, read once for all entries handled at the same moment (the consumer handles
   * many shipments' entries at once): one index read per wave instead of one per entry. Joining a
   * read already under way loses nothing: the endpoints are read before the entry's application
   * is awaited anyway.
   */
  private endpoints(): Promise<WebhookEndpoint[]> {
    this.reading ??= this.options.store.endpoints().finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** Waits until the transport subgraph has applied the entry or holds it. */
  private async settled(entry: LoggedEvent): Promise<'applied' | 'held'> {
    const deadline = Date.now() + this.options.settleTimeoutMs;
    const key = eventKey(entry.event);
    for (let round = 0; ; round++) {
      if (await isApplied(this.options.transport, entry.event, this.options.retentionMs)) return 'applied';
      const held = await this.options.held.waitingFor(TRANSPORT, entry.event.subject);
      if (held.some((h) => eventKey(h.event) === key)) return 'held';
      if (Date.now() > deadline) throw new Error(`the transport subgraph has not applied ${key} yet`);
      await sleep(Math.min(500, 10 * 2 ** round));
    }
  }

  private async enqueue(entry: LoggedEvent, shipmentIds: readonly string[]): Promise<void> {
    const factKey = eventKey(entry.event);
    const [shipments, facts, endpoints] = await Promise.all([
      this.transport.getShipments(shipmentIds),
      this.transport.getFacts(shipmentIds.map((shipmentId) => ({ shipmentId, factKey }))),
      this.options.store.endpoints(),
    ]);
    const deliveries: WebhookDelivery[] = [];
    const now = new Date().toISOString();
    for (const [i, shipment] of shipments.entries()) {
      if (!shipment) continue;
      const body = updateBody(entry, shipment, facts[i]);
      if (!body) continue;
      const view = { id: shipment.id, customerId: shipment.customerId, status: shipment.derived.status };
      for (const endpoint of endpoints) {
        if (!endpointWants(endpoint, view, entry.event.type)) continue;
        const id = deliveryId(endpoint.id, entry.position, shipment.id);
        deliveries.push({
          id,
          endpointId: endpoint.id,
          member: `${entry.position}:${shipment.id}|${id}`,
          shipmentId: shipment.id,
          eventType: entry.event.type,
          position: entry.position,
          body,
          status: 'PENDING',
          attemptCount: 0,
          attempts: [],
          createdAt: now,
          firstAttemptAt: null,
          nextAttemptAt: now,
          deliveredAt: null,
          deadAt: null,
        });
      }
    }
    const queued = await this.options.store.enqueue(deliveries);
    if (queued.length > 0) this.options.onQueued();
  }
}
