import type { Client } from 'graphql-ws';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const CHEAP = '{ orders(first: 1) { totalCount } }';
const WIDE = '{ shipments(first: 20) { edges { node { id status order { number } charges { id } fulfillment { state } } } } }';

type Outcome = { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };

/** A graphql-ws client whose closing (code and reason) the test can await. */
function connect(t: TestStack, token: string): { client: Client; closed: Promise<{ code: number; reason: string }> } {
  let onClosed: (event: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: t.gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => onClosed(event as { code: number; reason: string }) },
  });
  return { client, closed };
}

/** One operation over graphql-ws: its result, or the errors the server answered it with. */
function run(client: Client, query: string): Promise<Outcome> {
  return new Promise((resolve) => {
    let last: Outcome = {};
    client.subscribe(
      { query },
      {
        next: (result) => void (last = result as Outcome),
        error: (error) =>
          resolve(Array.isArray(error) ? { errors: error } : { errors: [{ message: String((error as Error).message ?? error) }] }),
        complete: () => resolve(last),
      },
    );
  });
}

const codes = (outcomes: Outcome[]) => outcomes.flatMap((o) => (o.errors ?? []).map((e) => e.extensions?.code));

describe('graphql-ws operations pass the same guards as HTTP', () => {
  let t: TestStack;

  beforeAll(async () => {
    // A bucket of 5 refilled once per 20 s: a flood of cheap queries exhausts it, and it stays empty for the test.
    t = await startTestStack(undefined, { rate: { ratePerSecond: 0.05, burst: 5 } });
    await t.ingest(orderWithShipments('ORD-W', 'CUST-W', ['SHP-W1', 'SHP-W2']));
  });

  afterAll(() => t.dispose());

  it('refuses a query flood from one principal with RATE_LIMITED per operation and keeps the connection', async () => {
    const flooder = await mintToken(
      { sub: 'ws-flooder', role: Role.Customer, customerId: 'CUST-W' },
      { secret: 'test-secret-for-lading-e2e' },
    );
    const { client } = connect(t, flooder);
    let closedEarly = false;
    client.on('closed', () => (closedEarly = true));
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 12; i++) outcomes.push(await run(client, CHEAP));
    expect(outcomes.filter((o) => o.data).length).toBeGreaterThanOrEqual(1);
    expect(codes(outcomes)).toContain('RATE_LIMITED');
    expect(outcomes.filter((o) => codes([o]).includes('RATE_LIMITED')).length).toBeGreaterThanOrEqual(6);
    expect(closedEarly).toBe(false);
    // The same principal over HTTP shares the bucket: refused there too.
    const http = await t.graphql(CHEAP, {}, flooder);
    expect(http.status).toBe(429);
    // Another principal is untouched.
    const other = await t.graphql(
      CHEAP,
      {},
      await mintToken({ sub: 'ws-quiet', role: Role.Customer, customerId: 'CUST-W' }, { secret: 'test-secret-for-lading-e2e' }),
    );
    expect(other.status).toBe(200);
    await client.dispose();
  });

  it('charges an operation its estimated cost, so a heavier query exhausts the budget sooner than cheap ones', async () => {
    const heavier = await mintToken(
      { sub: 'ws-heavier', role: Role.Customer, customerId: 'CUST-W' },
      { secret: 'test-secret-for-lading-e2e' },
    );
    // shipments 1 + edges 1 + 100 nodes = 102: 11 tokens, more than the 5-token bucket holds (a cheap query would leave 4).
    const first = await t.graphql('{ shipments(first: 100) { edges { node { id status } } } }', {}, heavier);
    expect(first.status).toBe(200);
    const second = await t.graphql(CHEAP, {}, heavier);
    expect(second.status).toBe(429);
    expect(second.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it("refuses an operation over its role's per-operation budget with QUERY_TOO_COMPLEX, on both transports", async () => {
    const greedy = await mintToken(
      { sub: 'ws-greedy', role: Role.Customer, customerId: 'CUST-W' },
      { secret: 'test-secret-for-lading-e2e' },
    );
    // Lists within lists: 100 shipments × their order's shipments × their charges, over a customer's LADING_MAX_COST (5000).
    const query = '{ shipments(first: 100) { edges { node { order { shipments { charges { amount { amount } } } } } } } }';
    const http = await t.graphql(query, {}, greedy);
    expect(http.status).toBe(400);
    expect(http.body.errors[0]).toMatchObject({
      extensions: { code: 'QUERY_TOO_COMPLEX' },
      message: expect.stringMatching(/at most 5000/),
    });
    const { client } = connect(t, greedy);
    expect(codes([await run(client, query)])).toEqual(['QUERY_TOO_COMPLEX']);
    await client.dispose();
  });
});

describe('graphql-ws concurrency per socket', () => {
  let t: TestStack;

  beforeAll(async () => {
    // A budget no test here exhausts: only the per-socket cap may refuse.
    t = await startTestStack(undefined, { rate: { ratePerSecond: 100_000, burst: 100_000 }, maxOperationsPerConnection: 2 });
    await t.ingest(orderWithShipments('ORD-C', 'CUST-C', ['SHP-C1', 'SHP-C2']));
  });

  afterAll(() => t.dispose());

  it('caps the concurrent operations of one socket, refusing the excess with RATE_LIMITED', async () => {
    const rep = await mintToken({ sub: 'ws-concurrent', role: Role.ServiceRep }, { secret: 'test-secret-for-lading-e2e' });
    const { client } = connect(t, rep);
    await run(client, '{ __typename }');
    // Sent in one go: each stays in flight across its subgraph round trips while the next arrives.
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => run(client, WIDE)));
    const refused = outcomes.filter((o) =>
      (o.errors ?? []).some((e) => e.extensions?.code === 'RATE_LIMITED' && /at once/.test(e.message)),
    );
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(outcomes.filter((o) => o.data).length).toBeGreaterThanOrEqual(1);
    // Capacity comes back once operations finish.
    expect((await run(client, WIDE)).data).toBeDefined();
    await client.dispose();
  });
});

describe('graphql-ws sessions end with their token', () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await startTestStack();
  });

  afterAll(() => t.dispose());

  it('closes the connection with 4403 when the token expires', async () => {
    const shortLived = await mintToken(
      { sub: 'ws-expiring', role: Role.ServiceRep },
      { secret: 'test-secret-for-lading-e2e', expiresIn: '2s' },
    );
    const { client, closed } = connect(t, shortLived);
    expect((await run(client, '{ __typename }')).data).toEqual({ __typename: 'Query' });
    const event = await closed;
    expect(event.code).toBe(4403);
    expect(event.reason).toMatch(/expired/);
    await client.dispose();
  }, 15_000);

  it('keeps a connection whose token is valid for longer than a timer can wait (30 days)', async () => {
    const longLived = await t.token(Role.ServiceRep);
    const { client } = connect(t, longLived);
    let closed = false;
    client.on('closed', () => (closed = true));
    expect((await run(client, '{ __typename }')).data).toEqual({ __typename: 'Query' });
    expect(closed).toBe(false);
    await client.dispose();
  });
});
