import { CloudEvent, HTTP } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { WebhookReceiver, eventually } from './support/webhook-receiver';

const CREATE = `mutation Create($input: WebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id } }
}`;

describe('partner SDKs as shipped: the cloudevents SDK posts, the standardwebhooks verifier checks', () => {
  let t: TestStack;
  let receiver: WebhookReceiver;
  let secret: string;
  let integration: string;

  /** Posts one event as the SDK frames it for HTTP in the given mode. */
  async function post(mode: 'binary' | 'structured', event: CloudEvent<Record<string, unknown>>) {
    const message = HTTP[mode](event);
    const response = await fetch(t.gatewayUrl.replace('/graphql', '/events'), {
      method: 'POST',
      headers: { ...(message.headers as Record<string, string>), authorization: `Bearer ${integration}` },
      body: message.body as string,
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  const milestone = (id: string, type: EventType, time: string, data: Record<string, unknown>) =>
    new CloudEvent<Record<string, unknown>>({
      specversion: '1.0',
      id,
      source: 'urn:tms:sdk-carrier',
      type,
      time,
      subject: 'SHP-P',
      datacontenttype: 'application/json',
      data,
    });

  beforeAll(async () => {
    t = await startTestStack();
    receiver = await new WebhookReceiver().start();
    integration = await t.token(Role.Integration);
    await t.ingest(orderWithShipments('ORD-P', 'CUST-P', ['SHP-P']));
    const created = await t.graphql(
      CREATE,
      { input: { url: receiver.url, eventTypes: [EventType.PickedUp, EventType.InTransit] } },
      await t.token(Role.Customer, 'CUST-P'),
    );
    expect(created.body.errors).toBeUndefined();
    secret = created.body.data.createWebhookEndpoint.secret;
  });

  afterAll(async () => {
    await t.dispose();
    await receiver.stop();
  });

  it('accepts events in binary and structured mode, applies them, and signs each delivery as Standard Webhooks verifies it', async () => {
    const binary = await post('binary', milestone('sdk-binary-1', EventType.PickedUp, '2026-11-02T08:00:00Z', { location: 'Lyon' }));
    expect(binary).toEqual({ status: 202, body: expect.objectContaining({ results: [{ id: 'sdk-binary-1', status: 'accepted' }] }) });
    const structured = await post(
      'structured',
      milestone('sdk-structured-1', EventType.InTransit, '2026-11-02T10:00:00Z', { location: 'Dijon' }),
    );
    expect(structured).toEqual({
      status: 202,
      body: expect.objectContaining({ results: [{ id: 'sdk-structured-1', status: 'accepted' }] }),
    });
    await t.runtime.pipeline.idle();

    const got = await eventually(
      () => receiver.accepted,
      (received) => received.length >= 2,
    );
    const verifier = new Webhook(secret);
    const headersOf = (r: (typeof got)[number]) => ({
      'webhook-id': r.id,
      'webhook-timestamp': r.timestamp,
      'webhook-signature': r.signature,
    });
    const payloads = got.map((r) => verifier.verify(r.body, headersOf(r)) as { milestone: { type: string; location?: string } });
    expect(payloads.map((p) => [p.milestone.type, p.milestone.location])).toEqual([
      [EventType.PickedUp, 'Lyon'],
      [EventType.InTransit, 'Dijon'],
    ]);
    // The verifier is not lenient: one changed byte, or another endpoint's secret, fails it.
    expect(() => verifier.verify(got[0].body.replace('Lyon', 'Lyom'), headersOf(got[0]))).toThrow();
    expect(() =>
      new Webhook(`whsec_${Buffer.from('another endpoint key 32 bytes ..').toString('base64')}`).verify(got[0].body, headersOf(got[0])),
    ).toThrow();
  });
});
