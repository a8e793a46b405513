import type { Client } from 'graphql-ws';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '../lib/identity/identity';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { until } from './support/until';
import { subscribe } from './support/ws-subscriber';

/** Each principal's bucket holds this many tokens and barely refills, so a flood of BURST + 1 requests ends in a refusal. */
const BURST = 2;
const CHEAP = '{ orders(first: 1) { totalCount } }';
const LIVE = 'subscription { shipmentUpdated { cursor } }';
/** Over every door's byte limit (`LADING_MAX_BODY_BYTES`, `LADING_EVENTS_MAX_BYTES`, 5 MiB). */
const HUGE = 'x'.repeat(6 * 1024 * 1024);
const HUGE_JSON = JSON.stringify({ query: CHEAP, variables: { pad: HUGE } });

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** One HTTP door: how to call it with a token (or none), the role it admits, the one it refuses, and what it answers when it lets a request in. */
interface Route {
  name: string;
  role: Role;
  wrongRole: Role;
  admitted: number;
  call: (t: TestStack, token?: string) => Promise<Answer>;
  /** The same call with a body over the door's byte limit, for doors that take a body. */
  oversized?: (t: TestStack, token: string) => Promise<Answer>;
}

const auth = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/** Calls a door and reads its answer; a stream (SSE, multipart) is read only as far as its status, then dropped. */
async function call(url: string, init: RequestInit & { headers: Record<string, string> }): Promise<Answer> {
  const abort = new AbortController();
  const response = await fetch(url, { ...init, signal: abort.signal });
  const type = response.headers.get('content-type') ?? '';
  const streaming = type.startsWith('text/event-stream') || type.startsWith('multipart/mixed');
  const body = streaming ? null : type.startsWith('application/json') ? await response.json() : await response.text();
  if (streaming) abort.abort();
  return { status: response.status, headers: response.headers, body };
}

const base = (t: TestStack) => t.gatewayUrl.replace(/\/graphql$/, '');
const post = (path: string, contentType: string, body: string, accept?: string) => (t: TestStack, token?: string) =>
  call(`${base(t)}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(accept && { accept }), ...auth(token) },
    body,
  });

const ROUTES: Route[] = [
  {
    name: 'POST /graphql',
    role: Role.Customer,
    wrongRole: Role.Integration,
    admitted: 200,
    call: post('/graphql', 'application/json', JSON.stringify({ query: CHEAP })),
    oversized: post('/graphql', 'application/json', HUGE_JSON),
  },
  {
    name: 'GET /graphql',
    role: Role.Customer,
    wrongRole: Role.Integration,
    admitted: 200,
    call: (t, token) =>
      call(`${t.gatewayUrl}?query=${encodeURIComponent(CHEAP)}`, { headers: { 'apollo-require-preflight': 'true', ...auth(token) } }),
  },
  {
    name: 'SSE (POST /graphql, Accept: text/event-stream)',
    role: Role.Customer,
    wrongRole: Role.Integration,
    admitted: 200,
    call: post('/graphql', 'application/json', JSON.stringify({ query: LIVE }), 'text/event-stream'),
    oversized: post('/graphql', 'application/json', HUGE_JSON, 'text/event-stream'),
  },
  {
    name: 'multipart (POST /graphql, Accept: multipart/mixed)',
    role: Role.Customer,
    wrongRole: Role.Integration,
    admitted: 200,
    call: post('/graphql', 'application/json', JSON.stringify({ query: LIVE }), 'multipart/mixed;subscriptionSpec="1.0",application/json'),
    oversized: post('/graphql', 'application/json', HUGE_JSON, 'multipart/mixed;subscriptionSpec="1.0",application/json'),
  },
  {
    name: 'PUT /graphql (graphql-sse reserves a stream)',
    role: Role.Customer,
    wrongRole: Role.Integration,
    admitted: 201,
    call: (t, token) => call(t.gatewayUrl, { method: 'PUT', headers: auth(token) }),
  },
  {
    name: 'DELETE /graphql (graphql-sse stops an operation)',
    role: Role.Customer,
    wrongRole: Role.Integration,
    // Let in, then told the reservation is unknown (no principal reserved this one).
    admitted: 404,
    call: (t, token) =>
      call(`${t.gatewayUrl}?operationId=op-1`, {
        method: 'DELETE',
        headers: { 'x-graphql-event-stream-token': 'not-reserved', ...auth(token) },
      }),
  },
  {
    name: 'POST /events',
    role: Role.Integration,
    wrongRole: Role.Customer,
    admitted: 202,
    call: post('/events', 'application/cloudevents-batch+json', '[]'),
    oversized: post('/events', 'application/cloudevents-batch+json', HUGE),
  },
  {
    name: 'POST /edi/x12-214',
    role: Role.Integration,
    wrongRole: Role.Customer,
    // Let in, then refused by the X12 parser: an empty interchange names its problem.
    admitted: 400,
    call: post('/edi/x12-214', 'application/edi-x12', ''),
    oversized: post('/edi/x12-214', 'application/edi-x12', HUGE),
  },
  {
    name: 'POST /dcsa/events',
    role: Role.Integration,
    wrongRole: Role.Customer,
    admitted: 202,
    call: post('/dcsa/events', 'application/json', '[]'),
    oversized: post('/dcsa/events', 'application/json', HUGE),
  },
  {
    name: 'GET /operations/ingest',
    role: Role.ServiceRep,
    wrongRole: Role.Customer,
    admitted: 200,
    call: (t, token) => call(`${base(t)}/operations/ingest`, { headers: auth(token) }),
  },
];

/** The one body shape every refusal has, on every door: GraphQL's errors, one coded error. */
const refusal = (code: string) => ({ errors: [{ message: expect.any(String), extensions: { code } }] });

/** A graphql-ws client of one principal, for several operations on one connection. */
function connect(t: TestStack, token: string): Client {
  return createClient({
    url: t.gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
}

/** The error codes one graphql-ws query ended with (none when it was answered). */
function codesOf(client: Client, query: string): Promise<string[]> {
  return new Promise((resolve) => {
    client.subscribe(
      { query },
      {
        next: () => undefined,
        error: (error) =>
          resolve(
            Array.isArray(error) ? error.map((e: { extensions?: { code?: string } }) => String(e.extensions?.code)) : [String(error)],
          ),
        complete: () => resolve([]),
      },
    );
  });
}

describe('every door passes the same guards', () => {
  let t: TestStack;
  const tokenFor = (sub: string, role: Role) => t.tokenWith({ sub, role, customerId: role === Role.Customer ? 'CUST-G' : undefined });

  beforeAll(async () => {
    // Refusals are answered at once (no pacing), so the flood is BURST + 1 requests and no waiting.
    t = await startTestStack(undefined, { rate: { ratePerSecond: 0.001, burst: BURST }, refusalPaceMs: 0 });
  });

  afterAll(() => t.dispose());

  describe.each(ROUTES)('$name', (route) => {
    it('answers no token with 401 UNAUTHENTICATED and a Bearer challenge', async () => {
      const answer = await route.call(t);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.body).toEqual(refusal('UNAUTHENTICATED'));
    });

    it('answers a role the door does not admit with 403 FORBIDDEN', async () => {
      const answer = await route.call(t, await tokenFor(`wrong-${route.name}`, route.wrongRole));
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual(refusal('FORBIDDEN'));
    });

    it('lets a principal in until its budget is spent, then answers 429 RATE_LIMITED with Retry-After', async () => {
      const token = await tokenFor(`flood-${route.name}`, route.role);
      const admitted = [];
      for (let i = 0; i < BURST; i++) admitted.push((await route.call(t, token)).status);
      expect(admitted).toEqual(Array(BURST).fill(route.admitted));
      const refused = await route.call(t, token);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.body).toEqual(refusal('RATE_LIMITED'));
    });
  });

  describe.each(ROUTES.filter((r) => r.oversized))('$name', (route) => {
    it('answers a body over its limit with 413 BAD_USER_INPUT naming the limit', async () => {
      const answer = await route.oversized!(t, await tokenFor(`large-${route.name}`, route.role));
      expect(answer.status).toBe(413);
      expect(answer.body).toEqual(refusal('BAD_USER_INPUT'));
      expect(answer.body.errors[0].message).toMatch(/too large: at most \d+ bytes/);
    });
  });

  describe('graphql-ws', () => {
    // docs/contract.md §3: graphql-ws refuses a session in connection_init with 4403, whether the token or the role is wrong.
    it.each([
      ['no token', async () => ({})],
      ['a role the graph does not admit', async () => ({ authorization: `Bearer ${await tokenFor('wrong-ws', Role.Integration)}` })],
    ])('closes a connection with %s with 4403', async (_case, params) => {
      const sub = subscribe(t.gatewayUrl, await params(), LIVE);
      await until(() => sub.errors.length > 0, 'the connection to be refused');
      expect((sub.errors[0] as { code: number }).code).toBe(4403);
      expect(sub.results).toEqual([]);
      await sub.close();
    });

    it('lets a principal in until its budget is spent, then refuses the operation with RATE_LIMITED', async () => {
      const client = connect(t, await tokenFor('flood-ws', Role.Customer));
      const outcomes = [];
      for (let i = 0; i <= BURST; i++) outcomes.push(await codesOf(client, CHEAP));
      expect(outcomes).toEqual([...Array<string[]>(BURST).fill([]), ['RATE_LIMITED']]);
      await client.dispose();
    });
  });
});
