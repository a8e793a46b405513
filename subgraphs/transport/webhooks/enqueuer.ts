import type { ChangeStreams, Stamped } from '../../../lib/changes/change-stream';
import { ChangeStreamName } from '../../../lib/changes/change-stream';
import type { ShipmentChange } from '../../../lib/changes/shipment-change';
import { UpdatesMissedError } from '../../../lib/changes/updates-missed';
import type { Identity } from '../../../lib/identity/identity';
import { Role, canSeeCustomer } from '../../../lib/identity/identity';
import type { Logger } from '../../../lib/logger';
import { updateBody } from './payload';
import type { WebhookDelivery, WebhookEndpoint } from './webhook-records';
import type { WebhookStore } from './webhook-store';
import { deliveryId } from './webhook-store';

const PAGE = 200;
/** After a failed step (Redis away), the next one waits this long. */
const RETRY_MS = 1_000;

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
 * Queues one delivery per shipment change and matching endpoint, reading the `shipments` change
 * stream (lib/changes) from a durable offset kept in the webhooks' own store. The deliveries and
 * the new offset are one commit, conditional on the offset read: instances sharing the store
 * never queue a page twice, and a crash before the commit reads the page again (at-least-once;
 * a delivery's id follows from endpoint and change id, so a change read again queues nothing new).
 */
export class WebhookEnqueuer {
  private disposed = false;
  /** Set when the stream may have grown since the last read; `wake` resolves the wait for it. */
  private grown = true;
  private wake: (() => void) | undefined;
  private stopFollowing: () => void = () => undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: EnqueuerOptions) {}

  start(): this {
    this.loop = this.run();
    return this;
  }

  private async run(): Promise<void> {
    // Followed before the first read: a change committed after that read wakes the loop.
    this.stopFollowing = await this.options.changes.follow(ChangeStreamName.Shipments, () => this.signal());
    while (!this.disposed) {
      try {
        if (!(await this.step())) await this.changed();
      } catch (error) {
        this.options.logger.error('webhook enqueuer step failed; retrying', { error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /** Handles one page after the offset; false when there was nothing to read. */
  private async step(): Promise<boolean> {
    this.grown = false;
    const { store, changes } = this.options;
    const offset = await store.offset();
    let page: Stamped<ShipmentChange>[];
    try {
      page = await changes.read<ShipmentChange>(ChangeStreamName.Shipments, offset ?? undefined, PAGE);
    } catch (error) {
      if (!(error instanceof UpdatesMissedError)) throw error;
      this.options.logger.warn('webhook deliveries were missed: their changes are past retention', {
        after: error.after,
        resumeAfter: error.resumeAfter,
      });
      await store.enqueue([], { from: offset, to: error.resumeAfter });
      return true;
    }
    if (page.length === 0) return false;
    const endpoints = await store.endpoints();
    const queued = await store.enqueue(
      page.flatMap((change) => deliveriesOf(change, endpoints)),
      { from: offset, to: page[page.length - 1].id },
    );
    if (queued.length > 0) this.options.onQueued();
    return true;
  }

  private signal(): void {
    this.grown = true;
    this.wake?.();
  }

  private async changed(): Promise<void> {
    if (this.grown || this.disposed) return;
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopFollowing();
    this.wake?.();
    await this.loop;
  }
}

/** One delivery per endpoint that wants the change. */
function deliveriesOf(change: Stamped<ShipmentChange>, endpoints: readonly WebhookEndpoint[]): WebhookDelivery[] {
  const view = { id: change.shipmentId, customerId: change.customerId, status: change.shipment.status };
  const wanting = endpoints.filter((endpoint) => endpointWants(endpoint, view, change.eventType));
  if (wanting.length === 0) return [];
  const body = updateBody(change);
  const now = new Date().toISOString();
  return wanting.map((endpoint) => {
    const id = deliveryId(endpoint.id, change.id);
    return {
      id,
      endpointId: endpoint.id,
      member: `${change.id}:${change.shipmentId}|${id}`,
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
