import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { WebhookReceiver, eventually } from './support/webhook-receiver';

const CREATE = `mutation Create($input: WebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { id disabled } }
}`;
const ENDPOINTS = '{ webhookEndpoints { id disabled disabledAt disabledReason paused } }';
const DELIVERIES = `query Deliveries($id: ID!) {
  webhookDeliveries(endpointId: $id, first: 50) { totalCount edges { node { id status attemptCount attempts { statusCode } } } }
}`;
const ENABLE = 'mutation Enable($id: ID!) { enableWebhookEndpoint(id: $id) { id disabled disabledReason } }';

describe('a receiver answering 410 Gone (Standard Webhooks)', () => {
  let t: TestStack;
  let gone: WebhookReceiver;
  let witness: WebhookReceiver;
  let customer: string;
  let other: string;
  let endpointId: string;

  const updatesOf = (received: { body: string }[]) =>
    received.map((r) => (JSON.parse(r.body) as { milestone: { type: string } }).milestone.type);

  beforeAll(async () => {
    t = await startTestStack(createMemoryRuntime(silentLogger), undefined, undefined, undefined, undefined, silentLogger, {
      retryBaseMs: 40,
      maxBackoffMs: 150,
      circuitThreshold: 4,
      pollMs: 50,
    });
    gone = await new WebhookReceiver().start();
    witness = await new WebhookReceiver().start();
    customer = await t.token(Role.Customer, 'CUST-GN');
    other = await t.token(Role.Customer, 'CUST-GX');
    await t.ingest(orderWithShipments('ORD-GN', 'CUST-GN', ['SHP-GN1']));
    const created = await t.graphql(CREATE, { input: { url: gone.url, eventTypes: [EventType.InTransit] } }, customer);
    expect(created.body.data.createWebhookEndpoint.endpoint.disabled).toBe(false);
    endpointId = created.body.data.createWebhookEndpoint.endpoint.id;
    // A second endpoint of the same customer shows when the enqueuer has passed a change.
    const second = await t.graphql(CREATE, { input: { url: witness.url, eventTypes: [EventType.InTransit] } }, customer);
    expect(second.body.errors).toBeUndefined();
  });

  afterAll(async () => {
    await t.dispose();
    await gone.stop();
    await witness.stop();
  });

  const transit = (location: string, at: string) => event(EventType.InTransit, 'SHP-GN1', { location }, at);

  it('disables the endpoint at once: no retry, nothing more queued, shown to its owner', async () => {
    gone.gone = true;
    await t.ingest([transit('Lyon', '2026-11-02T08:00:00Z')]);
    const [endpoint] = await eventually(
      async () => (await t.graphql(ENDPOINTS, undefined, customer)).body.data.webhookEndpoints.filter((e: any) => e.id === endpointId),
      (list: any[]) => list[0].disabled === true,
    );
    expect(endpoint).toMatchObject({ disabledReason: 'the receiver answered 410 Gone', paused: false });
    expect(Date.parse(endpoint.disabledAt)).not.toBeNaN();

    // A later update reaches the other endpoint, so the enqueuer and the dispatcher have run since.
    await t.ingest([transit('Dijon', '2026-11-02T10:00:00Z')]);
    await eventually(
      () => witness.accepted.length,
      (n) => n === 2,
    );
    expect(gone.received.map((r) => r.status)).toEqual([410]);
    const deliveries = (await t.graphql(DELIVERIES, { id: endpointId }, customer)).body.data.webhookDeliveries;
    expect(deliveries.totalCount).toBe(1);
    expect(deliveries.edges[0].node).toMatchObject({
      id: gone.received[0].id,
      status: 'PENDING',
      attemptCount: 1,
      attempts: [{ statusCode: 410 }],
    });
  });

  it('is enabled again by its owner only, and then sends what it held, same webhook-id, before new updates', async () => {
    const byOther = await t.graphql(ENABLE, { id: endpointId }, other);
    expect(byOther.body.errors[0].extensions.code).toBe('NOT_FOUND');
    gone.gone = false;
    const enabled = await t.graphql(ENABLE, { id: endpointId }, customer);
    expect(enabled.body.data.enableWebhookEndpoint).toEqual({ id: endpointId, disabled: false, disabledReason: null });
    await t.ingest([transit('Beaune', '2026-11-02T12:00:00Z')]);
    const got = await eventually(
      () => gone.accepted,
      (r) => r.length === 2,
    );
    expect(got[0].id).toBe(gone.received[0].id);
    expect(got.map((r) => JSON.parse(r.body).milestone.location)).toEqual(['Lyon', 'Beaune']);
    expect(updatesOf(got)).toEqual([EventType.InTransit, EventType.InTransit]);
  });

  it('a service rep enables any disabled endpoint', async () => {
    gone.gone = true;
    await t.ingest([transit('Chalon', '2026-11-02T14:00:00Z')]);
    await eventually(
      async () =>
        (await t.graphql(ENDPOINTS, undefined, customer)).body.data.webhookEndpoints.find((e: any) => e.id === endpointId).disabled,
      (disabled: boolean) => disabled,
    );
    gone.gone = false;
    const enabled = await t.graphql(ENABLE, { id: endpointId }, await t.token(Role.ServiceRep));
    expect(enabled.body.data.enableWebhookEndpoint.disabled).toBe(false);
    const got = await eventually(
      () => gone.accepted,
      (r) => r.length === 3,
    );
    expect(JSON.parse(got[2].body).milestone.location).toBe('Chalon');
  });
});

describe('webhook targets refused at registration, before any connection', () => {
  let t: TestStack;
  let customer: string;

  beforeAll(async () => {
    t = await startTestStack(createMemoryRuntime(silentLogger), undefined, undefined, undefined, undefined, silentLogger, {
      allowPrivateTargets: false,
      allowedPorts: [8443],
    });
    customer = await t.token(Role.Customer, 'CUST-GT');
  });

  afterAll(() => t.dispose());

  it.each([
    ['https://93.184.216.34:22/hooks', /port 22 is not allowed/],
    ['https://93.184.216.34:8080/hooks', /port 8080 is not allowed/],
    ['https://[::127.0.0.1]/hooks', /::7f00:1 is a loopback, private or special-purpose address/],
    ['https://[::ffff:0:7f00:1]/hooks', /special-purpose address/],
    ['https://[2002:7f00:1::1]/hooks', /special-purpose address/],
    ['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hooks', /special-purpose address/],
    ['https://[100::1]/hooks', /special-purpose address/],
    ['https://[64:ff9b::a9fe:a9fe]/hooks', /special-purpose address/],
  ])('%s is BAD_USER_INPUT', async (url, message) => {
    const result = await t.graphql(CREATE, { input: { url } }, customer);
    expect(result.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(result.body.errors[0].message).toMatch(message);
  });

  it('accepts a public address on 443 or on an allowed port', async () => {
    for (const url of ['https://93.184.216.34/hooks', 'https://93.184.216.34:8443/hooks', 'https://[2606:4700::6810:85e5]/hooks']) {
      const result = await t.graphql(CREATE, { input: { url } }, customer);
      expect(result.body.errors).toBeUndefined();
    }
  });
});
