import { createClient } from 'graphql-sse';
import * as parser from 'graphql/language/parser';
import * as validation from 'graphql/validation/validate';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { encodeUpdateCursor } from '../lib/graphql/update-cursor';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { eventually } from './support/ws-subscriber';

const ONE =
  'subscription($id: ID, $after: String) { shipmentUpdated(shipmentId: $id, after: $after) { cursor milestone { eventId } shipment { id order { number } } } }';
const milestone = (n: number) =>
  event(EventType.InTransit, 'SHP-H', { location: `Hub ${n}` }, new Date(Date.UTC(2026, 10, 4, 8, n)).toISOString(), `http-${n}`);

/** Reads a streamed response body as text chunks until `done(text)` holds. */
async function readUntil(response: Response, done: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (!done(text)) {
    if (Date.now() > deadline) throw new Error(`stream did not deliver in time: ${text}`);
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

describe('subscriptions over HTTP: SSE and multipart', () => {
  let t: TestStack;
  let token: string;
  let c0: string;

  beforeAll(async () => {
    t = await startTestStack();
    await t.ingest([...orderWithShipments('ORD-H', 'CUST-H', ['SHP-H']), milestone(0)]);
    token = await t.token(Role.Customer, 'CUST-H');
    const entry = (await t.runtime.pipeline.log.read(undefined, 1000)).find((e) => e.event.id === 'http-0');
    c0 = encodeUpdateCursor(entry!.position, 'SHP-H');
  });

  afterAll(() => t.dispose());

  it('streams updates to the graphql-sse client, with after', async () => {
    await t.ingest([milestone(1), milestone(2)]);
    const client = createClient({ url: t.gatewayUrl, headers: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    const ids: string[] = [];
    const errors: unknown[] = [];
    const dispose = client.subscribe<any>(
      { query: ONE, variables: { id: 'SHP-H', after: c0 } },
      { next: (r) => ids.push(r.data?.shipmentUpdated.milestone.eventId), error: (e) => errors.push(e), complete: () => undefined },
    );
    await eventually(() => ids.length >= 2 || errors.length > 0, 10_000);
    await t.ingest([milestone(3)]);
    await eventually(() => ids.length >= 3 || errors.length > 0, 10_000);
    expect(errors).toEqual([]);
    expect(ids).toEqual(['http-1', 'http-2', 'http-3']);
    dispose();
    client.dispose();
  });

  it('resumes an SSE stream from Last-Event-ID: each event carries its cursor as id', async () => {
    const response = await fetch(t.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}`, 'last-event-id': c0 },
      body: JSON.stringify({ query: ONE, variables: { id: 'SHP-H' } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await readUntil(response, (s) => s.includes('http-3'));
    const events = text.split('\n\n').filter((e) => e.includes('event: next'));
    expect(events.map((e) => /"eventId":"([^"]+)"/.exec(e)?.[1])).toEqual(['http-1', 'http-2', 'http-3']);
    const ids = events.map((e) => /^id: (.+)$/m.exec(e)?.[1]);
    const payloads = events.map((e) => JSON.parse(/^data: (.+)$/m.exec(e)![1]));
    expect(ids).toEqual(payloads.map((p) => p.data.shipmentUpdated.cursor));
  });

  it('streams multipart parts to a plain HTTP client (Apollo subscriptionSpec 1.0)', async () => {
    const response = await fetch(t.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'multipart/mixed;subscriptionSpec="1.0",application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: ONE, variables: { id: 'SHP-H', after: c0 } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^multipart\/mixed;\s*boundary="?graphql"?;\s*subscriptionSpec="1.0"/);
    const text = await readUntil(response, (s) => s.includes('http-3'));
    const parts = text
      .split('\r\n--graphql')
      .map((p) => p.split('\r\n\r\n')[1])
      .filter((p): p is string => Boolean(p))
      .map((p) => JSON.parse(p));
    const updates = parts.filter((p) => p.payload);
    expect(updates.map((p) => p.payload.data.shipmentUpdated.milestone.eventId)).toEqual(['http-1', 'http-2', 'http-3']);
    expect(updates[0].payload.data.shipmentUpdated.shipment.order.number).toBe('SO-ORD-H');
  });

  it('refuses without a token (401) and refuses a bad operation alone (400)', async () => {
    const anonymous = await fetch(t.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: ONE }),
    });
    expect(anonymous.status).toBe(401);
    const invalid = await fetch(t.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'subscription { shipmentUpdated { nope } }' }),
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toContain('nope');
  });

  // The request pipeline parses and validates; the stream starts from the operation it prepared.
  it.each([
    ['SSE', 'text/event-stream'],
    ['multipart', 'multipart/mixed;subscriptionSpec="1.0",application/json'],
  ])('parses and validates a %s subscription once', async (name, accept) => {
    const query = `subscription Once${name} { shipmentUpdated(shipmentId: "SHP-H") { cursor } }`;
    const parse = jest.spyOn(parser, 'parse');
    const validate = jest.spyOn(validation, 'validate');
    try {
      const response = await fetch(t.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      expect(response.status).toBe(200);
      await response.body?.cancel();
      expect(parse.mock.calls.filter(([source]) => source === query)).toHaveLength(1);
      expect(validate.mock.calls.filter(([, document]) => document.loc?.source.body === query)).toHaveLength(1);
    } finally {
      parse.mockRestore();
      validate.mockRestore();
    }
  });
});
