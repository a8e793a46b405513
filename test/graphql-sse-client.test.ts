import type { Client, ClientOptions } from 'graphql-sse';
import { createClient } from 'graphql-sse';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { headCursor } from './support/cursors';
import { activeSubscriptions } from './support/gateway-metrics';
import { event, orderWithShipments } from './support/events';
import type { TcpProxy } from './support/tcp-proxy';
import { startTcpProxy } from './support/tcp-proxy';
import type { TestStack } from './support/test-stack';
import { TEST_JWT_SECRET, startTestStack } from './support/test-stack';
import { until } from './support/until';

const WATCH = 'subscription($id: ID, $after: String) { shipmentUpdated(shipmentId: $id, after: $after) { cursor milestone { eventId } } }';
let n = 0;
const moved = () =>
  event(EventType.InTransit, 'SHP-S', { location: `Hub ${++n}` }, new Date(Date.UTC(2026, 10, 4, 9, n)).toISOString(), `sse-${n}`);

const newSeen = () => ({ ids: [] as string[], cursors: [] as string[], errors: [] as unknown[] });

/** What one subscription of the unchanged graphql-sse client delivers, and a reconnect the test lets happen when it chooses. */
function watch(client: Client<boolean>, variables: Record<string, unknown>, seen = newSeen()) {
  const stop = client.subscribe<any, any>(
    { query: WATCH, variables },
    {
      next: (result) => {
        if (result.errors) seen.errors.push(result.errors);
        seen.ids.push(result.data?.shipmentUpdated.milestone.eventId);
        seen.cursors.push(result.extensions?.cursor);
      },
      error: (error) => seen.errors.push(error),
      complete: () => undefined,
    },
  );
  return { seen, stop };
}

/** The client's own `retry` option, held until the test opens it: the reconnect happens after what the test does meanwhile. */
function heldRetry() {
  const gate = { waiting: false, open: () => undefined as void };
  const retry: ClientOptions['retry'] = () =>
    new Promise<void>((resolve) => {
      gate.waiting = true;
      gate.open = () => {
        gate.waiting = false;
        resolve();
      };
    });
  return { gate, retry };
}

describe('the graphql-sse client as shipped', () => {
  let t: TestStack;
  let proxy: TcpProxy;
  let authorization: string;

  beforeAll(async () => {
    t = await startTestStack();
    await t.ingest(orderWithShipments('ORD-S', 'CUST-S', ['SHP-S']));
    authorization = `Bearer ${await t.token(Role.Customer, 'CUST-S')}`;
    proxy = await startTcpProxy(t.gatewayUrl);
  });

  afterAll(async () => {
    await proxy.close();
    await t.dispose();
  });

  it('single-connection mode: reserves a stream, runs a query and a subscription on it, stops with DELETE', async () => {
    const client = createClient({ url: t.gatewayUrl, singleConnection: true, headers: { authorization }, retryAttempts: 0 });
    const result = await client.iterate<any>({ query: '{ shipment(id: "SHP-S") { id order { number } } }' }).next();
    expect(result.value).toEqual({ data: { shipment: { id: 'SHP-S', order: { number: 'SO-ORD-S' } } } });
    const after = await headCursor(t);
    const { seen, stop } = watch(client, { id: 'SHP-S', after });
    const other = watch(client, { after });
    const first = moved();
    await t.ingest([first]);
    await until(() => (seen.ids.length > 0 && other.seen.ids.length > 0) || seen.errors.length > 0, 'the update on the single connection');
    expect(seen).toMatchObject({ ids: [first.id], errors: [] });
    expect(await activeSubscriptions(t)).toBe(2);
    // The other subscription keeps the stream open: only the DELETE can end this one.
    stop();
    await until(async () => (await activeSubscriptions(t)) === 1, 'the stopped operation to end');
    expect(other.seen.ids).toEqual([first.id]);
    other.stop();
    client.dispose();
  });

  it('single-connection mode resumes by itself after a cut: the client repeats its operation id, nothing is lost', async () => {
    const { gate, retry } = heldRetry();
    const client = createClient({ url: proxy.url, singleConnection: true, headers: { authorization }, retry });
    const { seen, stop } = watch(client, { id: 'SHP-S', after: await headCursor(t) });
    const before = moved();
    await t.ingest([before]);
    await until(() => seen.ids.length === 1, 'the update before the cut');
    proxy.cut();
    await until(() => gate.waiting, 'the client noticing the cut');
    const during = moved();
    await t.ingest([during]);
    proxy.restore();
    gate.open();
    await until(() => seen.ids.length >= 2, 'the update made while cut off');
    const after = moved();
    await t.ingest([after]);
    await until(() => seen.ids.length >= 3, 'the live update after the resume');
    expect(seen).toEqual({ ids: [before.id, during.id, after.id], cursors: expect.any(Array), errors: [] });
    stop();
    client.dispose();
  });

  it('distinct mode resumes when headers() sends the last cursor as Last-Event-ID', async () => {
    const { gate, retry } = heldRetry();
    const seen = newSeen();
    // Every result carries its cursor (extensions.cursor); each (re)connect sends the last one seen.
    const lastCursor = () => seen.cursors.at(-1);
    const client = createClient({
      url: proxy.url,
      headers: () => ({ authorization, ...(lastCursor() && { 'last-event-id': lastCursor() }) }),
      retry,
    });
    const { stop } = watch(client, { id: 'SHP-S', after: await headCursor(t) }, seen);
    const before = moved();
    await t.ingest([before]);
    await until(() => seen.ids.length === 1, 'the update before the cut');
    proxy.cut();
    await until(() => gate.waiting, 'the client noticing the cut');
    const during = moved();
    await t.ingest([during]);
    proxy.restore();
    gate.open();
    await until(() => seen.ids.length >= 2, 'the update made while cut off');
    expect(seen.ids).toEqual([before.id, during.id]);
    expect(seen.errors).toEqual([]);
    stop();
    client.dispose();
  });

  it('single-connection mode: at its token’s expiry each operation ends with UNAUTHENTICATED, then the stream', async () => {
    const expiring = `Bearer ${await mintToken({ sub: 'expiring-portal-user', role: Role.Customer, customerId: 'CUST-S' }, { secret: TEST_JWT_SECRET, expiresIn: '3s' })}`;
    // A stream of its own, read raw: reading it to its end returns only when the gateway ends it.
    const token = await (await fetch(t.gatewayUrl, { method: 'PUT', headers: { authorization: expiring } })).text();
    const raw = await fetch(t.gatewayUrl, {
      headers: { accept: 'text/event-stream', authorization: expiring, 'x-graphql-event-stream-token': token },
    });
    let completed = false;
    const results: any[] = [];
    const client = createClient({ url: t.gatewayUrl, singleConnection: true, headers: { authorization: expiring }, retryAttempts: 0 });
    client.subscribe(
      { query: WATCH, variables: { id: 'SHP-S', after: await headCursor(t) } },
      {
        next: (result) => void results.push(result),
        error: (error) => void results.push({ clientError: String(error) }),
        complete: () => (completed = true),
      },
    );
    await until(() => completed || results.some((r) => r.clientError), 'the operation to end at expiry');
    expect(results).toEqual([{ errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] }]);
    expect(await raw.text()).toMatch(/^:\n\n/);
    expect((await fetch(t.gatewayUrl, { method: 'PUT', headers: { authorization: expiring } })).status).toBe(401);
    client.dispose();
  });

  it('a reservation is its principal’s: guarded like every request, unknown to anyone else', async () => {
    const reserve = (headers: Record<string, string>) => fetch(t.gatewayUrl, { method: 'PUT', headers });
    expect((await reserve({})).status).toBe(401);
    const reserved = await reserve({ authorization });
    expect(reserved.status).toBe(201);
    const token = await reserved.text();
    const other = `Bearer ${await t.tokenWith({ sub: 'another-portal-user', role: Role.Customer, customerId: 'CUST-S' })}`;
    const stolen = await fetch(t.gatewayUrl, {
      headers: { accept: 'text/event-stream', authorization: other, 'x-graphql-event-stream-token': token },
    });
    expect(stolen.status).toBe(404);
    const stream = await fetch(`${t.gatewayUrl}?token=${token}`, { headers: { accept: 'text/event-stream', authorization } });
    expect(stream.status).toBe(200);
    const unnamed = await fetch(t.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization, 'x-graphql-event-stream-token': token },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(unnamed.status).toBe(400);
    expect(((await unnamed.json()) as any).errors[0].message).toContain('extensions.operationId');
    const second = await fetch(t.gatewayUrl, {
      headers: { accept: 'text/event-stream', authorization, 'x-graphql-event-stream-token': token },
    });
    expect(second.status).toBe(409);
    await stream.body?.cancel();
  });
});
