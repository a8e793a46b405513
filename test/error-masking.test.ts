import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { createLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import type { Runtime } from '../lib/runtime/runtime';
import type { DocumentStore } from '../lib/store/document-store';
import type { Stack } from '../stack/start-stack';
import { startStack } from '../stack/start-stack';
import { orderWithShipments } from './support/events';
import { testConfig } from './support/test-stack';

const SECRET = 'error-masking-secret';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const DETAIL = 'disk on fire at /srv/lading/finance/store.ts:42';

/** Finance reads fail with an internal detail once `failing` is set (after the test data is applied). */
function failingFinance(base: Runtime, state: { failing: boolean }): Runtime {
  return {
    ...base,
    rateLimiter: (limits) => base.rateLimiter(limits),
    ping: () => base.ping(),
    dispose: () => base.dispose(),
    documents(namespace) {
      const inner = base.documents(namespace);
      if (namespace !== 'finance') return inner;
      const store = Object.create(inner) as DocumentStore;
      store.getMany = (collection, ids) => (state.failing ? Promise.reject(new Error(DETAIL)) : inner.getMany(collection, ids));
      return store;
    },
  };
}

describe('errors that reach a client', () => {
  const lines: Record<string, unknown>[] = [];
  const state = { failing: false };
  let stack: Stack;
  let runtime: Runtime;
  let token: string;

  beforeAll(async () => {
    runtime = failingFinance(createMemoryRuntime(createLogger({}, 'error', () => undefined)), state);
    stack = await startStack({
      config: testConfig({ LADING_JWT_SECRET: SECRET, LADING_EVENTS_MAX_BYTES: '1MiB' }),
      runtime,
      logger: createLogger({}, 'error', (line) => lines.push(JSON.parse(line))),
      subgraphSecret: 'error-masking-subgraph-secret',
    });
    const integration = await mintToken({ sub: 'feed', role: Role.Integration }, { secret: SECRET });
    const response = await fetch(stack.gateway.url.replace('/graphql', '/events'), {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${integration}` },
      body: JSON.stringify(orderWithShipments('ORD-M', 'CUST-M', ['SHP-M'])),
    });
    expect(response.status).toBe(202);
    await runtime.pipeline.idle();
    token = await mintToken({ sub: 'rep', role: Role.ServiceRep }, { secret: SECRET });
  });

  afterAll(async () => {
    await stack.dispose();
    await runtime.dispose();
  });

  it('masks an internal failure behind the gateway to INTERNAL_SERVER_ERROR with the trace id, detail only in the log', async () => {
    state.failing = true;
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ query: '{ shipment(id: "SHP-M") { number billing { status } } }' }),
    });
    state.failing = false;
    const text = await response.text();
    expect(text).not.toContain('disk on fire');
    expect(text).not.toMatch(/\/srv\/|\.ts:\d+|\s+at \S+ \(/);
    const internal = (JSON.parse(text).errors as { message: string; extensions: Record<string, unknown> }[]).find(
      (e) => e.extensions.code === 'INTERNAL_SERVER_ERROR',
    );
    expect(internal).toBeDefined();
    expect(internal!.message).toMatch(/^Internal server error \(reference [0-9a-f-]{36}\)$/);
    expect(internal!.extensions.traceId).toBe(TRACE_ID);
    expect(internal!.extensions.stacktrace).toBeUndefined();
    // The subgraph continued the gateway's trace, so the detail is in the log under the same trace id.
    expect(lines.some((line) => line.traceId === TRACE_ID && JSON.stringify(line).includes('disk on fire'))).toBe(true);
  });

  it.each([
    ['an unknown Content-Encoding', { 'content-encoding': 'x-unknown' }, '{"query":"{ __typename }"}', 415],
    ['a corrupt gzip body', { 'content-encoding': 'gzip' }, 'not gzip at all', 400],
    ['malformed JSON', {}, '{"query": ', 400],
  ])('answers %s with a JSON error and no stack, at the gateway, /events and a subgraph', async (_case, headers, body, status) => {
    const integration = await mintToken({ sub: 'feed', role: Role.Integration }, { secret: SECRET });
    const targets = [
      { url: stack.gateway.url, bearer: token },
      { url: stack.gateway.url.replace('/graphql', '/events'), bearer: integration },
      { url: stack.subgraphs.orders.url, bearer: token },
    ];
    for (const { url, bearer } of targets) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...headers },
        body,
      });
      const text = await response.text();
      expect({ url, text }).toEqual({ url, text: expect.not.stringMatching(/\s+at \S+|node_modules|\/work\/|<html/i) });
      expect({ url, status: response.status }).toEqual({ url, status });
      expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
