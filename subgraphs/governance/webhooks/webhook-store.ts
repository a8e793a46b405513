import { createHash } from 'node:crypto';
import { ChangeStreamName } from '../../../lib/changes/change-stream';
import type { DocumentStore } from '../../../lib/store/document-store';
import { UnitOfWork, withRetries } from '../../../lib/store/unit-of-work';
import { DELIVERIES, ENDPOINTS, LEASES, OFFSETS, memberId, webhookIndex } from './keys';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './webhook-records';
import { MAX_ATTEMPTS_KEPT } from './webhook-records';

const ALL = 10_000;

/** The stable `webhook-id` of one change for one endpoint: the same on every attempt, redelivery and re-read of the change. */
export function deliveryId(endpointId: string, changeId: string): string {
  return `msg_${createHash('sha256').update(`${endpointId}|${changeId}`).digest('hex').slice(0, 32)}`;
}

interface Offset {
  after: string;
}

interface Lease {
  owner: string;
  until: number;
}

/** Endpoints, deliveries and their queues; every write is a conditional commit, so instances can share it. */
export class WebhookStore {
  constructor(readonly documents: DocumentStore) {}

  async addEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    const uow = new UnitOfWork(this.documents);
    uow.put(ENDPOINTS, endpoint.id, endpoint);
    uow.index(webhookIndex.endpoints, endpoint.id);
    await uow.commit();
  }

  /** Removes the endpoint and its queue; its delivery records stay for the record. */
  async removeEndpoint(id: string): Promise<void> {
    const pending = await this.documents.range(webhookIndex.pending(id), { first: ALL });
    const uow = new UnitOfWork(this.documents);
    uow.delete(ENDPOINTS, id);
    uow.unindex(webhookIndex.endpoints, id);
    for (const member of pending) uow.unindex(webhookIndex.pending(id), member);
    await uow.commit();
  }

  /** Stops an endpoint's deliveries (they stay pending) and stops queuing new ones; null when it was deleted. */
  disableEndpoint(id: string, reason: string, at: string): Promise<WebhookEndpoint | null> {
    return this.updateEndpoint(id, (endpoint) =>
      endpoint.disabledAt ? endpoint : { ...endpoint, disabledAt: at, disabledReason: reason },
    );
  }

  /** Its owner says the receiver is back: pending deliveries go out again, new updates are queued. */
  enableEndpoint(id: string): Promise<WebhookEndpoint | null> {
    return this.updateEndpoint(id, (endpoint) => ({ ...endpoint, disabledAt: null, disabledReason: null }));
  }

  private updateEndpoint(id: string, change: (endpoint: WebhookEndpoint) => WebhookEndpoint): Promise<WebhookEndpoint | null> {
    return withRetries(this.documents, async (uow) => {
      const endpoint = await uow.get<WebhookEndpoint>(ENDPOINTS, id);
      if (!endpoint) return null;
      const updated = change(endpoint);
      uow.put(ENDPOINTS, id, updated);
      return updated;
    });
  }

  async endpoints(): Promise<WebhookEndpoint[]> {
    const ids = await this.documents.range(webhookIndex.endpoints, { first: ALL });
    // The common case is no endpoint at all: polling then costs one index read, no document read.
    if (ids.length === 0) return [];
    return (await this.documents.getMany<WebhookEndpoint>(ENDPOINTS, ids)).filter((e): e is WebhookEndpoint => e !== null);
  }

  deadCount(): Promise<number> {
    return this.documents.count(webhookIndex.dead);
  }

  /** Dead deliveries of every endpoint, oldest first (members `<deadAt>|<id>`). */
  deadMembers(after: string | undefined, first: number): Promise<string[]> {
    return this.documents.range(webhookIndex.dead, { after, first });
  }

  /** An endpoint's deliveries in change order (members `<change id>:<shipment>|<id>`). */
  deliveryMembers(endpointId: string, after: string | undefined, first: number): Promise<string[]> {
    return this.documents.range(webhookIndex.deliveries(endpointId), { after, first });
  }

  deliveryCount(endpointId: string): Promise<number> {
    return this.documents.count(webhookIndex.deliveries(endpointId));
  }

  async endpoint(id: string): Promise<WebhookEndpoint | null> {
    return (await this.documents.getMany<WebhookEndpoint>(ENDPOINTS, [id]))[0];
  }

  /** The id of the last change the enqueuer handled, null before the first. */
  async offset(): Promise<string | null> {
    return (await this.documents.getMany<Offset>(OFFSETS, [ChangeStreamName.Shipments]))[0]?.after ?? null;
  }

  /**
   * Queues deliveries that do not exist yet (a change read twice queues nothing twice) and moves
   * the offset from `from` to `to`, in one commit; nothing, and [], when another instance moved
   * the offset meanwhile (it queued the same page).
   */
  async enqueue(deliveries: readonly WebhookDelivery[], advance: { from: string | null; to: string }): Promise<WebhookDelivery[]> {
    const uow = new UnitOfWork(this.documents);
    const [offset, ...existing] = await Promise.all([
      uow.get<Offset>(OFFSETS, ChangeStreamName.Shipments),
      ...deliveries.map((d) => uow.get<WebhookDelivery>(DELIVERIES, d.id)),
    ]);
    if ((offset?.after ?? null) !== advance.from) return [];
    const fresh = deliveries.filter((_, i) => existing[i] === null);
    for (const delivery of fresh) {
      uow.put(DELIVERIES, delivery.id, delivery);
      uow.index(webhookIndex.deliveries(delivery.endpointId), delivery.member);
      uow.index(webhookIndex.pending(delivery.endpointId), delivery.member);
    }
    uow.put(OFFSETS, ChangeStreamName.Shipments, { after: advance.to } satisfies Offset);
    return (await uow.commit()) ? fresh : [];
  }

  /** The first pending deliveries of an endpoint, in log order. */
  async pending(endpointId: string, first: number): Promise<WebhookDelivery[]> {
    const members = await this.documents.range(webhookIndex.pending(endpointId), { first });
    if (members.length === 0) return [];
    return (await this.deliveries(members.map(memberId))).filter((d): d is WebhookDelivery => d !== null && d.status === 'PENDING');
  }

  deliveries(ids: readonly string[]): Promise<(WebhookDelivery | null)[]> {
    return this.documents.getMany<WebhookDelivery>(DELIVERIES, ids);
  }

  /** Records an attempt; `next` says what follows: delivered, retry at a time, or dead. */
  async recordAttempt(
    id: string,
    attempt: WebhookAttempt,
    next: { status: 'DELIVERED' } | { status: 'PENDING'; at: string } | { status: 'DEAD' },
  ): Promise<WebhookDelivery | null> {
    return withRetries(this.documents, async (uow) => {
      const delivery = await uow.get<WebhookDelivery>(DELIVERIES, id);
      if (!delivery || delivery.status !== 'PENDING') return delivery;
      const updated: WebhookDelivery = {
        ...delivery,
        status: next.status,
        attemptCount: delivery.attemptCount + 1,
        attempts: [...delivery.attempts, attempt].slice(-MAX_ATTEMPTS_KEPT),
        firstAttemptAt: delivery.firstAttemptAt ?? attempt.at,
      };
      if (next.status === 'PENDING') updated.nextAttemptAt = next.at;
      else uow.unindex(webhookIndex.pending(delivery.endpointId), delivery.member);
      if (next.status === 'DELIVERED') updated.deliveredAt = attempt.at;
      if (next.status === 'DEAD') {
        updated.deadAt = attempt.at;
        uow.index(webhookIndex.dead, `${attempt.at}|${id}`);
      }
      uow.put(DELIVERIES, id, updated);
      return updated;
    });
  }

  /** A service rep sends a delivery again: same webhook-id and body, a fresh retry period, back in its queue. */
  async redeliver(id: string): Promise<WebhookDelivery | null> {
    return withRetries(this.documents, async (uow) => {
      const delivery = await uow.get<WebhookDelivery>(DELIVERIES, id);
      if (!delivery) return null;
      if (delivery.deadAt) uow.unindex(webhookIndex.dead, `${delivery.deadAt}|${id}`);
      const updated: WebhookDelivery = {
        ...delivery,
        status: 'PENDING',
        firstAttemptAt: null,
        nextAttemptAt: new Date().toISOString(),
        deadAt: null,
      };
      uow.put(DELIVERIES, id, updated);
      uow.index(webhookIndex.pending(delivery.endpointId), delivery.member);
      return updated;
    });
  }

  /** Takes (or renews) the right to send an endpoint's queue; false while another instance holds it. */
  async lease(endpointId: string, owner: string, ms: number): Promise<boolean> {
    const uow = new UnitOfWork(this.documents);
    const current = await uow.get<Lease>(LEASES, endpointId);
    if (current && current.owner !== owner && current.until > Date.now()) return false;
    uow.put(LEASES, endpointId, { owner, until: Date.now() + ms } satisfies Lease);
    return uow.commit();
  }

  async releaseLease(endpointId: string, owner: string): Promise<void> {
    const uow = new UnitOfWork(this.documents);
    const current = await uow.get<Lease>(LEASES, endpointId);
    if (current?.owner !== owner) return;
    uow.delete(LEASES, endpointId);
    await uow.commit();
  }
}
