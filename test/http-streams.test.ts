import { createClient } from 'graphql-sse';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { cursorOf, headCursor } from './support/cursors';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

// Streaming HTTP as third-party clients use it, unchanged: Apollo Client's multipart parser, urql's
// default Accept, and a stream that must end with its token.

const URQL_ACCEPT = 'application/graphql-response+json, application/json, text/event-stream, multipart/mixed';
const APOLLO_ACCEPT = 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json';
const DELIMITER = '\r\n--graphql';
const LIVE = 'subscription($id: ID, $after: String) { shipmentUpdated(shipmentId: $id, after: $after) { cursor milestone { eventId } } }';
const QUERY = '{ shipment(id: "SHP-N") { id } }';
const on = (shipment: string, prefix: string) => (n: number) =>
  event(EventType.InTransit, shipment, { location: `Hub ${n}` }, new Date(Date.UTC(2026, 10, 5, 8, n)).toISOString(), `${prefix}-${n}`);
const milestone = on('SHP-N', 'neg');
// The expiry tests watch a shipment of their own, so they do not depend on what the others ingested.
const expiryMilestone = on('SHP-X', 'exp');

/** A streamed body read chunk by chunk, as a client receives it. */
function bodyOf(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  return {
    get text() {
      return text;
    },
    get ended() {
      return ended;
    },
    /** Reads until `done(text)` holds, or the server closes the stream; the test timeout bounds a stream that never says. */
    async until(done: (text: string) => boolean): Promise<string> {
      while (!done(text) && !ended) {
        const { value, done: closed } = await reader.read();
        if (closed) ended = true;
        else text += decoder.decode(value, { stream: true });
      }
      return text;
    },
    cancel: () => reader.cancel(),
  };
}

/**
 * The parts a multipart client can hand over: as Apollo Client's parser does, a part is complete only
 * once the delimiter after it arrived; what follows the last delimiter is still waiting.
 */
function completeParts(text: string): unknown[] {
  const segments = text.split(DELIMITER);
  return segments.slice(1, -1).map((segment) => JSON.parse(segment.slice(segment.indexOf('\r\n\r\n'))));
}

const post = (token: string, accept: string, body: unknown) =>
  fetch(globalUrl, {
    method: 'POST',
    headers: { accept, 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
let globalUrl = '';

describe('streaming HTTP with unchanged clients', () => {
  let t: TestStack;
  let token: string;

  beforeAll(async () => {
    t = await startTestStack();
    globalUrl = t.gatewayUrl;
    await t.ingest([
      ...orderWithShipments('ORD-N', 'CUST-N', ['SHP-N', 'SHP-X']),
      milestone(0),
      expiryMilestone(0),
      expiryMilestone(1),
      expiryMilestone(2),
    ]);
    token = await t.token(Role.Customer, 'CUST-N');
  });

  afterAll(() => t.dispose());

  describe('multipart: every part can be handed over as soon as it is written', () => {
    it('closes each part with the next delimiter at once, the heartbeat and each update alike', async () => {
      const after = await headCursor(t);
      const response = await post(token, APOLLO_ACCEPT, { query: LIVE, variables: { id: 'SHP-N', after } });
      expect(response.status).toBe(200);
      const body = bodyOf(response);
      await body.until((text) => text.endsWith(DELIMITER));
      expect(completeParts(body.text)).toEqual([{}]);
      for (const n of [1, 2]) {
        await t.ingest([milestone(n)]);
        // Whole writes only: once the update is in, the bytes so far end with its part and the delimiter after it.
        const text = await body.until((s) => s.includes(`neg-${n}`) && s.endsWith(DELIMITER));
        const parts = completeParts(text) as { payload?: { data: { shipmentUpdated: { milestone: { eventId: string } } } } }[];
        expect(parts.at(-1)?.payload?.data.shipmentUpdated.milestone.eventId).toBe(`neg-${n}`);
        // No heartbeat was needed to close it.
        expect(parts.filter((p) => !p.payload)).toEqual([{}]);
        expect(text.endsWith(`}${DELIMITER}`)).toBe(true);
      }
      await body.cancel();
    });
  });

  describe("content negotiation: urql's default Accept", () => {
    it('answers a GET query as GraphQL over HTTP, though its Accept lists text/event-stream', async () => {
      const response = await fetch(`${t.gatewayUrl}?query=${encodeURIComponent(QUERY)}`, {
        headers: { accept: URQL_ACCEPT, authorization: `Bearer ${token}` },
      });
      const text = await response.text();
      expect({ status: response.status, text }).toEqual({ status: 200, text: expect.any(String) });
      expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      expect(JSON.parse(text)).toEqual({ data: { shipment: { id: 'SHP-N' } } });
    });

    it('answers a POST query as GraphQL over HTTP', async () => {
      const response = await post(token, URQL_ACCEPT, { query: QUERY });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      expect(await response.json()).toEqual({ data: { shipment: { id: 'SHP-N' } } });
    });

    it('answers a query from the graphql-sse client (which accepts only text/event-stream) over SSE: one result, then complete', async () => {
      const client = createClient({ url: t.gatewayUrl, headers: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
      try {
        const results: unknown[] = [];
        await new Promise<void>((resolve, reject) => {
          client.subscribe({ query: QUERY }, { next: (r) => results.push(r), error: reject, complete: resolve });
        });
        expect(results).toEqual([{ data: { shipment: { id: 'SHP-N' } } }]);
      } finally {
        client.dispose();
      }
    });

    it('streams a subscription over SSE', async () => {
      const after = await headCursor(t);
      const response = await post(token, URQL_ACCEPT, { query: LIVE, variables: { id: 'SHP-N', after } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const body = bodyOf(response);
      await t.ingest([milestone(3)]);
      const text = await body.until((s) => s.includes('neg-3'));
      await body.cancel();
      expect(text).toMatch(/event: next\ndata: \{"data":\{"shipmentUpdated":\{"cursor":"[^"]+","milestone":\{"eventId":"neg-3"\}\}\}/);
    });
  });

  describe('a stream ends with its token', () => {
    const expiring = () =>
      mintToken(
        { sub: 'stream-expiring', role: Role.Customer, customerId: 'CUST-N' },
        { secret: 'test-secret-for-lading-e2e', expiresIn: '3s' },
      );

    it('SSE: the last event is UNAUTHENTICATED with the last cursor delivered, then complete and the stream closes', async () => {
      const from = await cursorOf(t, 'exp-0', 'SHP-X');
      const last = await cursorOf(t, 'exp-2', 'SHP-X');
      const response = await post(await expiring(), 'text/event-stream', { query: LIVE, variables: { id: 'SHP-X', after: from } });
      expect(response.status).toBe(200);
      const body = bodyOf(response);
      // The server closing the stream is the signal: nothing else ends this read.
      const text = await body.until(() => false);
      expect(body.ended).toBe(true);
      const events = text.split('\n\n').filter((e) => e.startsWith('event:') || e.includes('\nevent:'));
      const data = events.map((e) => /^data: ?(.*)$/m.exec(e)?.[1] ?? '');
      const ids = data.slice(0, -2).map((d) => JSON.parse(d).data.shipmentUpdated.milestone.eventId);
      expect(ids).toEqual(['exp-1', 'exp-2']);
      const final = JSON.parse(data.at(-2)!);
      expect(final.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', lastCursor: last });
      expect(events.at(-1)).toMatch(/^event: complete/m);
    });

    it('multipart: the last part is UNAUTHENTICATED with the last cursor delivered, then the close delimiter', async () => {
      const from = await cursorOf(t, 'exp-1', 'SHP-X');
      const last = await cursorOf(t, 'exp-2', 'SHP-X');
      const response = await post(await expiring(), APOLLO_ACCEPT, { query: LIVE, variables: { id: 'SHP-X', after: from } });
      expect(response.status).toBe(200);
      const body = bodyOf(response);
      const text = await body.until(() => false);
      expect(body.ended).toBe(true);
      expect(text.endsWith(`${DELIMITER}--\r\n`)).toBe(true);
      const parts = completeParts(text) as { payload?: any; errors?: any[] }[];
      const updates = parts.filter((p) => p.payload);
      expect(updates.map((p) => p.payload.data.shipmentUpdated.milestone.eventId)).toEqual(['exp-2']);
      expect(parts.at(-1)).toEqual({
        payload: null,
        errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED', lastCursor: last } })],
      });
    });
  });
});
