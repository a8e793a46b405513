import * as parser from 'graphql/language/parser';
import { serverAudits } from 'graphql-http';
import { Role } from '../lib/identity/identity';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const SUBSCRIPTION = 'subscription { shipmentUpdated { cursor } }';

describe('GraphQL over HTTP', () => {
  let t: TestStack;
  let rep: string;
  let customer: string;

  beforeAll(async () => {
    t = await startTestStack(undefined, { rate: { ratePerSecond: 100_000, burst: 100_000 } });
    rep = await t.token(Role.ServiceRep);
    customer = await t.token(Role.Customer, 'CUST-H');
  });

  afterAll(() => t.dispose());

  /** graphql-http's own audit of the spec, run as a service rep; notices (optional MAY items such as form-encoded GETs, which CSRF prevention refuses) are allowed. */
  it('passes every audit of the graphql-http server suite: no error, no warning', async () => {
    const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${rep}`);
      return fetch(input, { ...init, headers });
    };
    const results = await Promise.all(serverAudits({ url: t.gatewayUrl, fetchFn }).map((audit) => audit.fn()));
    const failed = results
      .filter((r) => r.status === 'warn' || r.status === 'error')
      .map((r) => `${r.status} ${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failed).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  });

  const post = (body: unknown, headers: Record<string, string> = {}, bearer = customer) =>
    fetch(t.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...headers },
      body: JSON.stringify(body),
    });

  it('answers introspection by a customer with 403 FORBIDDEN, never a 5xx', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const res = await post({ query: '{ __schema { types { name } } }' }, { accept });
      expect(res.status).toBe(403);
      const body = (await res.json()) as { errors: { extensions: { code: string } }[]; data?: unknown };
      expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(body.data).toBeUndefined();
    }
  });

  it('answers a subscription sent over plain HTTP with a 4xx that says how to subscribe', async () => {
    for (const send of [
      () => post({ query: SUBSCRIPTION }),
      () => post({ query: SUBSCRIPTION }, { accept: 'application/graphql-response+json' }),
      () =>
        fetch(`${t.gatewayUrl}?query=${encodeURIComponent(SUBSCRIPTION)}`, {
          headers: { authorization: `Bearer ${customer}`, 'apollo-require-preflight': 'true' },
        }),
    ]) {
      const res = await send();
      const text = await res.text();
      expect({ status: res.status, text }).toEqual({ status: expect.any(Number), text: expect.stringMatching(/graphql-ws/) });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(text).toContain(t.gatewayUrl.replace(/^http/, 'ws'));
    }
  });

  it("parses a document once, however often and over whichever transport it is sent (Apollo reads the pipeline's cache)", async () => {
    const query = '{ shipments(first: 1) { edges { node { id } } } parsedOnce: __typename }';
    // graphql's root exports are getters over this module's, so the spy sees every caller's parse.
    const parse = jest.spyOn(parser, 'parse');
    try {
      for (let i = 0; i < 3; i++) {
        const res = await post({ query });
        expect(res.status).toBe(200);
        expect(((await res.json()) as { data: { parsedOnce: string } }).data.parsedOnce).toBe('Query');
      }
      expect(parse.mock.calls.filter(([source]) => source === query)).toHaveLength(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await fetch(t.gatewayUrl.replace('/graphql', '/no/such/route'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('labels GraphQL requests in /metrics with their real route', async () => {
    await post({ query: '{ __typename }' });
    const metrics = await (await fetch(t.gatewayUrl.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/lading_http_request_duration_seconds_count\{[^}]*route="\/graphql"/);
    expect(metrics).not.toMatch(/lading_http_request_duration_seconds_count\{[^}]*route="\/"/);
  });
});
