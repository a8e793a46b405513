import { createHash } from 'node:crypto';
import { Role } from '../lib/identity/identity';
import { orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { eventually, subscribe } from './support/ws-subscriber';

const PORTAL_PAGE = `{ shipments(first: 100) { edges { node {
  number status statusUpdatedAt eta exception { reasonCode message }
  timeline { type source occurredAt location }
  order { number customer { id name } }
  fulfillment { state packages { id weightKg } }
  transport { carrier { scac name } trackingNumber }
  charges { type stage amount { amount currency } }
  billing { status }
} } pageInfo { hasNextPage endCursor } } }`;

describe('operation limits', () => {
  let t: TestStack;
  let token: string;

  beforeAll(async () => {
    // These tests send operations of every size as one principal; the budget by cost has its own tests (test/ws-guards.test.ts).
    t = await startTestStack(undefined, { rate: { ratePerSecond: 100_000, burst: 100_000 } });
    await t.ingest(orderWithShipments('ORD-L', 'CUST-L', ['SHP-L']));
    token = await t.token(Role.Customer, 'CUST-L');
  });

  afterAll(() => t.dispose());

  // How quickly these are refused is measured by `npm run bench -- refusals`, not asserted on a shared machine.
  async function send(body: string) {
    const res = await fetch(t.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  it('refuses a 30-level deep query with QUERY_TOO_COMPLEX', async () => {
    let inner = 'id';
    for (let i = 0; i < 15; i++) inner = `order { shipments { ${inner} } }`;
    const res = await send(JSON.stringify({ query: `{ shipment(id: "SHP-L") { ${inner} } }` }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.body.errors[0].message).toMatch(/levels deep/);
  });

  it('refuses 2,000 aliases of a 100-item list', async () => {
    const fields = Array.from({ length: 2000 }, (_, i) => `a${i}: shipments(first: 100) { edges { node { id } } }`).join(' ');
    const res = await send(JSON.stringify({ query: `{ ${fields} }` }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a 2 MB body with 413', async () => {
    const res = await send(JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(res.status).toBe(413);
    expect(res.body.errors[0].message).toMatch(/too large/);
  });

  it('refuses batched operations', async () => {
    const res = await send(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/batched operations are not supported/);
  });

  const WIDE =
    'query($n: Int = 100000) { shipments(first: $n) { edges { node { timeline { type } order { shipments { timeline { type } } } } } } }';

  it.each([
    [
      'a GET with its variables as a JSON string',
      () =>
        fetch(`${t.gatewayUrl}?query=${encodeURIComponent(WIDE)}&variables=${encodeURIComponent('{"n":100000}')}`, {
          headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
        }),
    ],
    [
      'a variable left to its operation default',
      () =>
        fetch(t.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: WIDE }),
        }),
    ],
  ])('weighs the cost of %s', async (_case, send) => {
    const res = await send();
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown[] }).errors[0]).toMatchObject({
      message: expect.stringMatching(/cost/),
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
  });

  it('weighs a hash-only persisted query by its document and the variables it is sent with', async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(WIDE).digest('hex') } };
    const registered = await send(JSON.stringify({ query: WIDE, variables: { n: 1 }, extensions }));
    expect(registered.body.errors).toBeUndefined();
    const heavy = await send(JSON.stringify({ variables: { n: 100000 }, extensions }));
    expect(heavy.body.data).toBeUndefined();
    expect(heavy.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a cost that multiplies past the limit', async () => {
    const res = await send(
      JSON.stringify({
        query: '{ a: shipments(first: 100) { edges { node { order { shipments { timeline { type } charges { id } } } } } } }',
      }),
    );
    expect(res.status).toBe(200);
    // Lists within lists: 100 shipments × their order's shipments (5 assumed) × their charges (10) × amounts, over a customer's budget.
    const fat = 'a: shipments(first: 100) { edges { node { order { shipments { charges { amount { amount } } } } } } }';
    const refused = await send(JSON.stringify({ query: `{ ${fat} }` }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toMatch(/estimated cost is \d+; a customer may run operations of at most 5000/);
  });

  it('lets a legitimate portal page through', async () => {
    const res = await send(JSON.stringify({ query: PORTAL_PAGE }));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.shipments.edges).toHaveLength(1);
  });

  it('gives customers no field suggestions, and service reps do get them', async () => {
    const customer = await send(JSON.stringify({ query: '{ shipment(id: "SHP-L") { statu } }' }));
    expect(customer.body.errors[0].message).not.toMatch(/Did you mean/);
    const rep = await t.graphql('{ shipment(id: "SHP-L") { statu } }', {}, await t.token(Role.ServiceRep));
    expect(rep.body.errors[0].message).toMatch(/Did you mean/);
  });

  it('gives customers no field suggestions over graphql-ws either', async () => {
    const messages = async (bearer: string) => {
      const sub = subscribe(t.gatewayUrl, { authorization: `Bearer ${bearer}` }, 'subscription { shipmentUpdated { cursr } }');
      await eventually(() => sub.errors.length > 0);
      await sub.close();
      return JSON.stringify(sub.errors);
    };
    const customer = await messages(token);
    expect(customer).toMatch(/Cannot query field/);
    expect(customer).not.toMatch(/Did you mean/);
    expect(await messages(await t.token(Role.ServiceRep))).toMatch(/Did you mean/);
  });
});

describe('CORS', () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await startTestStack(undefined, { corsOrigins: ['https://portal.example.test'] });
  });

  afterAll(() => t.dispose());

  it('allows listed portal origins only', async () => {
    const preflight = (origin: string) =>
      fetch(t.gatewayUrl, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const allowed = await preflight('https://portal.example.test');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.test');
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    const other = await preflight('https://evil.example.test');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('vary')).toMatch(/Origin/);
  });
});
