import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const DEPTH = 100_000;

describe('input edges at the ingest doors', () => {
  let t: TestStack;
  let integration: string;

  beforeAll(async () => {
    t = await startTestStack();
    integration = await t.token(Role.Integration);
    await t.ingest(orderWithShipments('ORD-EDGE', 'CUST-EDGE', ['SHP-EDGE']));
  });

  afterAll(() => t.dispose());

  async function post(path: string, body: string, headers: Record<string, string>) {
    const response = await fetch(`${t.gatewayUrl.replace('/graphql', '')}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${integration}`, ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  }

  const pickedUp = (id: string, extra: Record<string, unknown> = {}) => ({
    ...event(EventType.PickedUp, 'SHP-EDGE', { location: 'Lyon' }, '2026-11-02T09:00:00Z', id),
    ...extra,
  });

  it('refuses over-long id, source, subject and type per event, naming the attribute, and keeps their neighbours', async () => {
    const batch = [
      pickedUp('x'.repeat(10_000)),
      pickedUp('edge-long-source', { source: `urn:tms:${'s'.repeat(600)}` }),
      pickedUp('edge-long-subject', { subject: `SHP-${'9'.repeat(300)}` }),
      pickedUp('edge-long-type', { type: `tms.${'t'.repeat(200)}` }),
      pickedUp('edge-fine'),
    ];
    const { status, body } = await t.postEvents(batch, integration);
    expect(status).toBe(202);
    expect(body.results.map((r: { reason?: string }) => r.reason)).toEqual([
      'invalid: id is 10000 characters long, more than 256',
      'invalid: source is 608 characters long, more than 512',
      'invalid: subject is 304 characters long, more than 256',
      'invalid: type is 204 characters long, more than 128',
      undefined,
    ]);
    expect(body.results[4]).toEqual({ id: 'edge-fine', status: 'accepted' });
  });

  it('refuses an 8 KB ce-id in binary mode, naming id', async () => {
    const { status, body } = await post('/events', JSON.stringify({ location: 'Lyon' }), {
      'ce-specversion': '1.0',
      'ce-id': 'i'.repeat(8192),
      'ce-source': 'urn:tms:edge',
      'ce-type': EventType.PickedUp,
      'ce-time': '2026-11-02T09:00:00Z',
      'ce-subject': 'SHP-EDGE',
      'content-type': 'application/json',
    });
    expect(status).toBe(202);
    expect(body.results).toEqual([
      { id: 'i'.repeat(8192), status: 'rejected', reason: 'invalid: id is 8192 characters long, more than 256' },
    ]);
  });

  it('refuses a date that is not on the calendar', async () => {
    const [created] = orderWithShipments('ORD-EDGE-2', 'CUST-EDGE', []);
    const impossible = { ...created, data: { ...created.data, requestedDeliveryDate: '2026-02-30' } };
    const { body } = await t.postEvents([impossible], integration);
    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/^invalid: data\.requestedDeliveryDate must be a calendar date/),
    });
  });

  it('refuses a binary-mode ce-datacontenttype that contradicts Content-Type with 400 naming it', async () => {
    const { status, body } = await post('/events', JSON.stringify({ location: 'Lyon' }), {
      'ce-specversion': '1.0',
      'ce-id': 'edge-conflict',
      'ce-source': 'urn:tms:edge',
      'ce-type': EventType.PickedUp,
      'ce-time': '2026-11-02T09:00:00Z',
      'ce-subject': 'SHP-EDGE',
      'ce-datacontenttype': 'text/plain',
      'content-type': 'application/json',
    });
    expect(status).toBe(400);
    expect(body.errors[0]).toMatchObject({
      message: expect.stringMatching(/^ce-datacontenttype "text\/plain" contradicts Content-Type/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  describe(`a ${DEPTH.toLocaleString('en')}-deep body is the sender's mistake on every door, never 503`, () => {
    const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
    const deepObject = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);

    it('POST /events: the event is refused by its depth', async () => {
      const structured = JSON.stringify(pickedUp('edge-deep')).replace('"Lyon"', deepObject);
      const { status, body } = await post('/events', structured, { 'content-type': 'application/cloudevents+json' });
      expect(status).toBe(202);
      expect(body.results).toEqual([{ id: 'edge-deep', status: 'rejected', reason: 'invalid: nesting depth exceeds 32' }]);
      const batch = await post('/events', deepArray, { 'content-type': 'application/cloudevents-batch+json' });
      expect(batch.status).toBe(202);
      expect(batch.body.results).toEqual([{ id: null, status: 'rejected', reason: expect.stringMatching(/^invalid/) }]);
    });

    it('POST /dcsa/events: each event is refused by its depth', async () => {
      const deepEvent = `[{"metadata":{"eventID":"edge-dcsa","eventType":"EQUIPMENT"},"payload":${deepObject}}]`;
      for (const body of [deepArray, deepEvent]) {
        const answer = await post('/dcsa/events', body, { 'content-type': 'application/json' });
        expect(answer.status).toBe(202);
        expect(answer.body.results).toEqual([{ eventID: null, status: 'rejected', reason: 'events[0]: nesting depth exceeds 32' }]);
      }
      const notAnArray = await post('/dcsa/events', deepObject, { 'content-type': 'application/json' });
      expect(notAnArray.status).toBe(400);
    });

    it('POST /edi/x12-214: a JSON body is not an interchange', async () => {
      expect((await post('/edi/x12-214', deepArray, { 'content-type': 'application/json' })).status).toBe(415);
      const answer = await post('/edi/x12-214', deepArray, { 'content-type': 'application/edi-x12' });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/ISA/);
    });
  });
});
