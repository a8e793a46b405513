import type { ChangeStreams, Stamped } from '../../../lib/changes/change-stream';
import { ChangeStreamName } from '../../../lib/changes/change-stream';
import type { ShipmentChange } from '../../../lib/changes/shipment-change';
import { consumeChanges } from '../../../lib/changes/change-consumer';
import { changeKeyOf } from '../../../lib/changes/change-ids';
import type { Identity } from '../../../lib/identity/identity';
import { Role, canSeeCustomer } from '../../../lib/identity/identity';
import type { Logger } from '../../../lib/logger';
import { updateBody } from './payload';
import type { WebhookDelivery, WebhookEndpoint } from './webhook-records';
import { isDisabled } from './webhook-records';
import type { WebhookStore } from './webhook-store';
import { deliveryId } from './webhook-store';

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
  changes: ChangeStreams;
  store: WebhookStore;
  logger: Logger;
  onQueued(): void;
}

/**
 * Queues one delivery per shipment change and matching endpoint, consuming the `shipments` change
 * stream (lib/changes) from a durable offset kept in the webhooks' own store. The deliveries and
 * the new offset are one commit, conditional on the offset read: instances sharing the store
 * never queue a page twice, and a crash before the commit reads the page again (at-least-once;
 * a delivery's id follows from endpoint and change id, so a change read again queues nothing new).
 */
export function startEnqueuer(options: EnqueuerOptions): { dispose(): Promise<void> } {
  const { store } = options;
  return consumeChanges<ShipmentChange>({
    changes: options.changes,
    stream: ChangeStreamName.Shipments,
    logger: options.logger,
    offset: () => store.offset(),
    async handle(page, advance) {
      const endpoints = page.length > 0 ? await store.endpoints() : [];
      const queued = await store.enqueue(
        page.flatMap((change) => deliveriesOf(change, endpoints)),
        advance,
      );
      if (queued.length > 0) options.onQueued();
    },
  });
}

/**
 * One delivery per endpoint that wants the change. A disabled endpoint (its receiver answered 410
 * Gone) gets none: it said it wants nothing more, and a queue nobody sends would only grow.
 */
function deliveriesOf(change: Stamped<ShipmentChange>, endpoints: readonly WebhookEndpoint[]): WebhookDelivery[] {
  const view = { id: change.shipmentId, customerId: change.customerId, status: change.shipment.status };
  const wanting = endpoints.filter((endpoint) => !isDisabled(endpoint) && endpointWants(endpoint, view, change.eventType));
  if (wanting.length === 0) return [];
  const body = updateBody(change);
  const now = new Date().toISOString();
  return wanting.map((endpoint) => {
    // By the change's identity (not the reader's cursor), in commit order: a page read again makes the same deliveries.
    const key = changeKeyOf(change.id);
    const id = deliveryId(endpoint.id, key);
    return {
      id,
      endpointId: endpoint.id,
      member: `${key}:${change.shipmentId}|${id}`,
      shipmentId: change.shipmentId,
      eventType: change.eventType,
      position: change.position,
      body,
      status: 'PENDING',
      attemptCount: 0,
      attempts: [],
      createdAt: now,
      firstAttemptAt: null,
      nextAttemptAt: now,
      deliveredAt: null,
      deadAt: null,
    };
  });
}
