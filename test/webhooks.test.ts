import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { silentLogger } from '../lib/logger';
import { verify } from '../subgraphs/governance/webhooks/signature';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { WebhookReceiver, eventually } from './support/webhook-receiver';

const CREATE = `mutation Create($input: WebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url customerId eventTypes } }
}`;
const DELIVERIES = `query Deliveries($id: ID!) {
  webhookDeliveries(endpointId: $id, first: 50) { totalCount edges { node { id shipmentId eventType status attemptCount attempts { statusCode } } } }
}`;

describe('webhooks out (memory mode)', () => {
  let t: TestStack;
  let receiverA: WebhookReceiver;
  let receiverB: WebhookReceiver;
  let customerA: string;
  let customerB: string;
  let rep: string;
  let endpointA: { id: string; secret: string };

  beforeAll(async () => {
    t = await startTestStack(createMemoryRuntime(silentLogger), undefined, undefined, undefined, undefined, silentLogger, {
      retryBaseMs: 40,
      maxBackoffMs: 150,
      retryPeriodMs: 1_200,
      circuitThreshold: 4,
      circuitCooldownMs: 200,
      pollMs: 50,
    });
    receiverA = await new WebhookReceiver().start();
    receiverB = await new WebhookReceiver().start();
    customerA = await t.token(Role.Customer, 'CUST-WA');
    customerB = await t.token(Role.Customer, 'CUST-WB');
    rep = await t.token(Role.ServiceRep);
    await t.ingest([
      ...orderWithShipments('ORD-WA', 'CUST-WA', ['SHP-WA1', 'SHP-WA2']),
      ...orderWithShipments('ORD-WB', 'CUST-WB', ['SHP-WB1']),
    ]);
    const a = await t.graphql(CREATE, { input: { url: receiverA.url, description: 'ERP of A' } }, customerA);
    expect(a.body.errors).toBeUndefined();
    endpointA = { id: a.body.data.createWebhookEndpoint.endpoint.id, secret: a.body.data.createWebhookEndpoint.secret };
    const b = await t.graphql(CREATE, { input: { url: receiverB.url, eventTypes: [EventType.PickedUp] } }, customerB);
    expect(b.body.errors).toBeUndefined();
  });

  afterAll(async () => {
    await t.dispose();
    await receiverA.stop();
    await receiverB.stop();
  });

  const milestonesOf = (received: { body: string }[]) =>
    received.map((r) => JSON.parse(r.body) as { milestone: { type: string }; shipment: { id: string; status: string }; cursor: string });

  it('a customer registers its own endpoint and gets the secret once, in Standard Webhooks form', async () => {
    expect(endpointA.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const listed = await t.graphql('{ webhookEndpoints { id customerId } }', undefined, customerA);
    expect(listed.body.data.webhookEndpoints).toEqual([{ id: endpointA.id, customerId: 'CUST-WA' }]);
    const other = await t.graphql(DELIVERIES, { id: endpointA.id }, customerB);
    expect(other.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const forOther = await t.graphql(CREATE, { input: { url: receiverA.url, customerId: 'CUST-WB' } }, customerA);
    expect(forOther.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('delivers signed updates of the customer’s own shipments, in order; another customer’s never', async () => {
    await t.ingest([
      event(EventType.PickedUp, 'SHP-WA1', { location: 'Lyon' }, '2026-11-02T08:00:00Z'),
      event(EventType.PickedUp, 'SHP-WB1', { location: 'Lille' }, '2026-11-02T08:00:00Z'),
      event(EventType.InTransit, 'SHP-WA1', { location: 'Dijon' }, '2026-11-02T10:00:00Z'),
      event(EventType.OutForDelivery, 'SHP-WA1', {}, '2026-11-03T07:00:00Z'),
      event(EventType.Delivered, 'SHP-WA1', { signedBy: 'M. Durand' }, '2026-11-03T11:00:00Z'),
    ]);
    // The delivery's reaction (the freight accrual) is a milestone of the shipment too.
    const got = await eventually(
      () => receiverA.accepted,
      (r) => r.length >= 5,
    );
    const updates = milestonesOf(got);
    expect(updates.map((u) => u.milestone.type)).toEqual([
      EventType.PickedUp,
      EventType.InTransit,
      EventType.OutForDelivery,
      EventType.Delivered,
      EventType.AccrualCreated,
    ]);
    expect(updates.every((u) => u.shipment.id === 'SHP-WA1')).toBe(true);
    expect(updates[3].shipment.status).toBe('DELIVERED');
    for (const r of got) expect(verify(endpointA.secret, r, r.body)).toBe(true);
    expect(verify(endpointA.secret, got[0], got[0].body.replace('SHP-WA1', 'SHP-WB1'))).toBe(false);
    const b = await eventually(
      () => receiverB.accepted,
      (r) => r.length >= 1,
    );
    expect(milestonesOf(b).map((u) => [u.shipment.id, u.milestone.type])).toEqual([['SHP-WB1', EventType.PickedUp]]);
    expect(receiverA.received.some((r) => r.body.includes('SHP-WB1'))).toBe(false);
  });

  it('a receiver failing 3 times then recovering gets every delivery exactly once by webhook-id, still in order', async () => {
    const before = receiverA.accepted.length;
    receiverA.failNext = 3;
    await t.ingest([
      event(EventType.PickedUp, 'SHP-WA2', { location: 'Nantes' }, '2026-11-04T08:00:00Z'),
      event(EventType.InTransit, 'SHP-WA2', { location: 'Tours' }, '2026-11-04T12:00:00Z'),
    ]);
    const got = (
      await eventually(
        () => receiverA.accepted,
        (r) => r.length >= before + 2,
      )
    ).slice(before);
    expect(milestonesOf(got).map((u) => u.milestone.type)).toEqual([EventType.PickedUp, EventType.InTransit]);
    const accepted = receiverA.accepted.map((r) => r.id);
    expect(new Set(accepted).size).toBe(accepted.length);
    const failed = receiverA.received.filter((r) => r.status === 503);
    expect(failed.map((r) => r.id)).toEqual([got[0].id, got[0].id, got[0].id]);
    const listed = await t.graphql(DELIVERIES, { id: endpointA.id }, rep);
    const node = listed.body.data.webhookDeliveries.edges.map((e: any) => e.node).find((n: any) => n.id === got[0].id);
    expect(node).toMatchObject({
      shipmentId: 'SHP-WA2',
      status: 'DELIVERED',
      attemptCount: 4,
      attempts: [{ statusCode: 503 }, { statusCode: 503 }, { statusCode: 503 }, { statusCode: 204 }],
    });
  });

  it('a receiver down past the retry period ends in the dead list; a rep redelivers it with the same webhook-id', async () => {
    receiverA.down = true;
    const bBefore = receiverB.accepted.length;
    await t.ingest([
      event(EventType.DeliveryAttempted, 'SHP-WA2', { reasonCode: 'RECIPIENT_UNAVAILABLE' }, '2026-11-05T09:00:00Z'),
      event(EventType.PickedUp, 'SHP-WB1', { location: 'Arras' }, '2026-11-05T09:30:00Z'),
    ]);
    // A failing endpoint pauses alone: the other customer's endpoint gets its update while A is still down.
    await eventually(
      () => receiverB.accepted.length,
      (n) => n > bBefore,
    );
    expect(receiverA.down).toBe(true);
    const dead = await eventually(
      async () =>
        (
          await t.graphql(
            '{ deadWebhookDeliveries(first: 10) { edges { node { id status endpointId eventType attemptCount } } } }',
            undefined,
            rep,
          )
        ).body.data.deadWebhookDeliveries.edges,
      (edges: any[]) => edges.length === 1,
    );
    const [{ node }] = dead;
    expect(node).toMatchObject({ status: 'DEAD', endpointId: endpointA.id, eventType: EventType.DeliveryAttempted });
    expect(node.attemptCount).toBeGreaterThan(1);
    receiverA.down = false;
    const byCustomer = await t.graphql('mutation R($id: ID!) { redeliverWebhook(deliveryId: $id) { status } }', { id: node.id }, customerA);
    expect(byCustomer.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const redelivered = await t.graphql('mutation R($id: ID!) { redeliverWebhook(deliveryId: $id) { id status } }', { id: node.id }, rep);
    expect(redelivered.body.data.redeliverWebhook).toEqual({ id: node.id, status: 'PENDING' });
    const got = await eventually(
      () => receiverA.accepted.filter((r) => r.id === node.id),
      (r) => r.length === 1,
    );
    expect(verify(endpointA.secret, got[0], got[0].body)).toBe(true);
    const after = await t.graphql('{ deadWebhookDeliveries(first: 10) { totalCount } }', undefined, rep);
    expect(after.body.data.deadWebhookDeliveries.totalCount).toBe(0);
  });

  it('counts attempts in the governance subgraph metrics', async () => {
    const text = await (await fetch(t.stack.subgraphs.governance.url.replace('/graphql', '/metrics'))).text();
    expect(text).toMatch(/lading_webhook_attempts_total\{[^}]*result="delivered"[^}]*\} \d+/);
    expect(text).toMatch(/lading_webhook_attempts_total\{[^}]*result="dead"[^}]*\} 1/);
  });
});

describe('webhooks with a concurrency cap above 1', () => {
  let t: TestStack;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestStack(createMemoryRuntime(silentLogger), undefined, undefined, undefined, undefined, silentLogger, {
      concurrency: 2,
      pollMs: 50,
    });
    receiver = await new WebhookReceiver().start();
    receiver.delayMs = 30;
    await t.ingest(orderWithShipments('ORD-CC', 'CUST-CC', ['SHP-C1', 'SHP-C2', 'SHP-C3']));
    const created = await t.graphql(
      CREATE,
      { input: { url: receiver.url, eventTypes: [EventType.InTransit] } },
      await t.token(Role.Customer, 'CUST-CC'),
    );
    expect(created.body.errors).toBeUndefined();
  });

  afterAll(async () => {
    await t.dispose();
    await receiver.stop();
  });

  it('never has more in flight than the cap, and keeps each shipment’s updates in order', async () => {
    const events = ['SHP-C1', 'SHP-C2', 'SHP-C3'].flatMap((id) =>
      [1, 2, 3, 4].map((n) => event(EventType.InTransit, id, { location: `hub-${n}` }, `2026-11-0${n}T10:00:00Z`)),
    );
    await t.ingest(events);
    const got = await eventually(
      () => receiver.accepted,
      (r) => r.length >= events.length,
    );
    expect(receiver.maxInFlight).toBeLessThanOrEqual(2);
    for (const id of ['SHP-C1', 'SHP-C2', 'SHP-C3']) {
      const hubs = got
        .map((r) => JSON.parse(r.body))
        .filter((u) => u.shipment.id === id)
        .map((u) => u.milestone.location);
      expect(hubs).toEqual(['hub-1', 'hub-2', 'hub-3', 'hub-4']);
    }
  });
});
