import { Random } from '../demo/random';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const SEED = 20261123;
const CASES = 450;

const QUERIES = [
  '{ shipments(first: 5) { edges { node { id number status timeline { type } order { number } charges { amount { amount } } } } } }',
  'query($id: ID!) { shipment(id: $id) { status exception { reasonCode } transport { carrier { scac } } } }',
  '{ trackShipment(reference: "SH-SHP-Z") { id } order(id: "ORD-Z") { lines { sku } } }',
  'mutation { replayDeadLetter(id: "x") }',
  '{ heldEvents { edges { node { id } } } deadLetters { totalCount } }',
  // Client mistakes that once answered 5xx: introspection by a customer, subscriptions over plain HTTP.
  '{ __schema { queryType { name } types { name fields { name } } } }',
  'query { __type(name: "Shipment") { name } shipment(id: "SHP-Z") { id } }',
  'subscription { shipmentUpdated { cursor milestone { type } shipment { id status } } }',
  'subscription($id: ID) { shipmentUpdated(shipmentId: $id) { cursor } }',
];
const NOISE = [
  '{',
  '}',
  '(',
  ')',
  '$',
  '!',
  '...',
  '@skip(if: true)',
  '"',
  '\\u0000',
  'first: -1',
  'first: 99999',
  'after: "bad"',
  '__schema',
  '# ',
  '\n',
  'fragment F on Shipment { ...F }',
  'null',
  '[',
  ']',
  ':',
  '😀',
];

/** A document mutated by deleting, duplicating or inserting tokens and noise. */
function mutateQuery(rng: Random): string {
  let text = rng.pick(QUERIES);
  for (let i = rng.int(0, 6); i > 0; i--) {
    const at = rng.int(0, text.length);
    const op = rng.int(0, 2);
    if (op === 0) text = text.slice(0, at) + text.slice(at + rng.int(1, 8));
    else if (op === 1) text = text.slice(0, at) + rng.pick(NOISE) + text.slice(at);
    else text = text.slice(0, at) + text.slice(at, at + rng.int(1, 30)).repeat(rng.int(2, 5)) + text.slice(at);
  }
  return text;
}

function randomJson(rng: Random, depth = 0): unknown {
  const kind = rng.int(0, depth > 3 ? 3 : 6);
  if (kind === 0) return rng.int(-1e6, 1e6) / rng.pick([1, 7, 1000]);
  if (kind === 1) return rng.pick(['', 'x', '1.0', '2026-13-45T99:99:99Z', 'SHP-Z', 'tms.shipment.delivered', '\u0000', '<script>']);
  if (kind === 2) return rng.pick([null, true, false]);
  if (kind === 3) return [];
  if (kind === 4) return Array.from({ length: rng.int(1, 4) }, () => randomJson(rng, depth + 1));
  const keys = [
    'query',
    'variables',
    'id',
    'type',
    'data',
    'specversion',
    'subject',
    'time',
    'source',
    'amount',
    '__proto__',
    'constructor',
  ];
  return Object.fromEntries(Array.from({ length: rng.int(1, 5) }, () => [rng.pick(keys), randomJson(rng, depth + 1)]));
}

/** A valid event with one attribute or data field replaced, removed or retyped. */
function mutateEvent(rng: Random): unknown {
  const base = event(
    rng.pick([EventType.PickedUp, EventType.Delivered, EventType.ChargeRecorded, EventType.OrderReleased]),
    'SHP-Z',
    {
      chargeId: 'c',
      type: 'FREIGHT',
      amount: { amount: '1.00', currency: 'EUR' },
      shipments: [{ id: 'S', number: 'N', warehouseId: 'W' }],
    },
    '2026-11-01T10:00:00Z',
  ) as unknown as Record<string, unknown>;
  const key = rng.pick(['id', 'type', 'time', 'subject', 'data', 'specversion', 'source', 'extra']);
  const action = rng.int(0, 2);
  if (action === 0) delete base[key];
  else base[key] = randomJson(rng);
  return base;
}

/** Header values the body parsers act on (an unknown encoding once reached Express's HTML error page, stack and paths included). */
/** Accept headers a plain request sends (SSE and multipart subscriptions open streams that never end; their own tests cover them). */
const ACCEPTS = [
  undefined,
  'application/json',
  'application/graphql-response+json',
  '*/*',
  'text/html',
  'multipart/mixed; deferSpec=20220824',
  'application/xml',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-7',
  'application/json; charset=latin1',
  'application/graphql-response+json',
  'text/plain',
  'multipart/form-data; boundary=x',
];
const ENCODINGS = [undefined, 'gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'];

/** Stack frames or source paths in a response: internal detail that must never reach a client. */
const LEAK = /\s+at \S+ \(|node_modules|\/work\/|\.[jt]s:\d+/;

describe('fuzzing the gateway', () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await startTestStack(undefined, { rate: { ratePerSecond: 100_000, burst: 100_000 } });
    await t.ingest([...orderWithShipments('ORD-Z', 'CUST-Z', ['SHP-Z']), event(EventType.PickedUp, 'SHP-Z', {}, '2026-11-01T12:00:00Z')]);
  });

  afterAll(() => t.dispose());

  it(`survives ${CASES} random and mutated documents, JSON bodies and CloudEvents without a 5xx or a leak (seed ${SEED})`, async () => {
    const rng = new Random(SEED);
    const customer = await t.token(Role.Customer, 'CUST-Z');
    const integration = await t.token(Role.Integration);
    const base = t.gatewayUrl.replace('/graphql', '');
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const target = rng.int(0, 3);
      let res: Response;
      let sent: string;
      if (target === 0) {
        sent = JSON.stringify({ query: mutateQuery(rng), variables: rng.chance(0.5) ? { id: randomJson(rng) } : randomJson(rng) });
        const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${customer}` };
        const accept = rng.pick(ACCEPTS);
        if (accept) headers.accept = accept;
        res = await fetch(t.gatewayUrl, { method: 'POST', headers, body: sent });
      } else if (target === 1) {
        sent = rng.chance(0.3) ? mutateQuery(rng) : JSON.stringify(randomJson(rng));
        res = await fetch(rng.chance(0.5) ? t.gatewayUrl : `${base}/events`, {
          method: 'POST',
          headers: {
            'content-type': rng.pick(['application/json', 'application/cloudevents+json', 'text/plain']),
            authorization: `Bearer ${rng.chance(0.5) ? customer : integration}`,
          },
          body: sent,
        });
      } else if (target === 2) {
        // Transport noise: GETs with mutated documents, odd charsets and encodings the body parsers act on.
        sent = JSON.stringify({ query: mutateQuery(rng), variables: randomJson(rng) });
        const headers: Record<string, string> = {
          'content-type': rng.pick(CONTENT_TYPES),
          authorization: `Bearer ${customer}`,
          'apollo-require-preflight': 'true',
        };
        const accept = rng.pick(ACCEPTS);
        if (accept) headers.accept = accept;
        const encoding = rng.pick(ENCODINGS);
        if (encoding) headers['content-encoding'] = encoding;
        res = rng.chance(0.3)
          ? await fetch(
              `${t.gatewayUrl}?query=${encodeURIComponent(mutateQuery(rng))}&variables=${encodeURIComponent(JSON.stringify(randomJson(rng)))}`,
              { headers },
            )
          : await fetch(rng.chance(0.7) ? t.gatewayUrl : `${base}/events`, {
              method: 'POST',
              headers: { ...headers, authorization: `Bearer ${rng.chance(0.5) ? customer : integration}` },
              body: sent,
            });
      } else {
        sent = JSON.stringify(Array.from({ length: rng.int(1, 5) }, () => mutateEvent(rng)));
        res = await fetch(`${base}/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${integration}` },
          body: sent,
        });
      }
      const text = await res.text();
      if (res.status >= 500 || LEAK.test(text)) failures.push(`case ${i}: ${res.status} ${text.slice(0, 200)} <- ${sent.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    // Each client mistake named in QUERIES, unmutated, as a customer and over every Accept: never a 5xx.
    for (const query of QUERIES) {
      for (const accept of ACCEPTS) {
        const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${customer}` };
        if (accept) headers.accept = accept;
        const res = await fetch(t.gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables: { id: 'SHP-Z' } }) });
        const text = await res.text();
        if (res.status >= 500 || LEAK.test(text)) failures.push(`${res.status} ${text.slice(0, 200)} <- ${accept} ${query}`);
      }
    }
    expect(failures).toEqual([]);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const still = await t.graphql('{ shipment(id: "SHP-Z") { status } }', {}, customer);
    // Some mutations stay valid events (a delivery, say), so the status may have moved on; it must still answer.
    expect(still.body.errors).toBeUndefined();
    expect(typeof still.body.data.shipment.status).toBe('string');
  }, 60_000);
});
