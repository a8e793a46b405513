import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { headCursor } from './support/cursors';
import { event, orderWithShipments } from './support/events';
import type { TcpProxy } from './support/tcp-proxy';
import { startTcpProxy } from './support/tcp-proxy';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { until } from './support/until';

const WATCH = 'subscription($id: ID, $after: String) { shipmentUpdated(shipmentId: $id, after: $after) { cursor milestone { eventId } } }';
let n = 0;
const moved = () =>
  event(EventType.InTransit, 'SHP-U', { location: `Hub ${++n}` }, new Date(Date.UTC(2026, 10, 4, 11, n)).toISOString(), `urql-${n}`);

describe('urql as shipped: default exchanges, queries by GET, subscriptions over fetch', () => {
  let t: TestStack;
  let proxy: TcpProxy;
  let authorization: string;
  /** The method and Accept of every request urql made, in order. */
  const requests: { method: string; accept: string }[] = [];

  /** urql's defaults, plus the bearer token and `fetchSubscriptions` (subscriptions over SSE or multipart instead of a WebSocket). */
  const urql = (url: string) =>
    new Client({
      url,
      exchanges: [cacheExchange, fetchExchange],
      fetchSubscriptions: true,
      fetchOptions: () => ({ headers: { authorization } }),
      fetch: (input, init) => {
        requests.push({ method: init?.method ?? 'GET', accept: String(new Headers(init?.headers).get('accept')) });
        return fetch(input, init);
      },
    });

  beforeAll(async () => {
    t = await startTestStack();
    await t.ingest(orderWithShipments('ORD-U', 'CUST-U', ['SHP-U']));
    authorization = `Bearer ${await t.token(Role.Customer, 'CUST-U')}`;
    proxy = await startTcpProxy(t.gatewayUrl);
  });

  afterAll(async () => {
    await proxy.close();
    await t.dispose();
  });

  it('answers the default query: a GET whose Accept lists text/event-stream among JSON types', async () => {
    requests.length = 0;
    const result = await urql(t.gatewayUrl)
      .query('query($id: ID!) { shipment(id: $id) { id order { number } } }', { id: 'SHP-U' })
      .toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ shipment: { id: 'SHP-U', order: { number: 'SO-ORD-U' } } });
    expect(requests).toEqual([{ method: 'GET', accept: expect.stringContaining('text/event-stream') }]);
  });

  it('streams a subscription over fetch, and resubscribing with after: the last cursor loses nothing across a cut', async () => {
    const client = urql(proxy.url);
    const ids: string[] = [];
    let lastCursor = await headCursor(t);
    const errors: unknown[] = [];
    const follow = () =>
      client.subscription<any>(WATCH, { id: 'SHP-U', after: lastCursor }).subscribe((result) => {
        if (result.error) return void errors.push(result.error);
        ids.push(result.data.shipmentUpdated.milestone.eventId);
        lastCursor = result.data.shipmentUpdated.cursor;
      });
    const first = follow();
    const before = moved();
    await t.ingest([before]);
    await until(() => ids.length === 1, 'the update before the cut');
    proxy.cut();
    await until(() => errors.length > 0, 'urql reporting the cut');
    first.unsubscribe();
    const during = moved();
    await t.ingest([during]);
    proxy.restore();
    const second = follow();
    await until(() => ids.length >= 2, 'the update made while cut off');
    const after = moved();
    await t.ingest([after]);
    await until(() => ids.length >= 3, 'the live update');
    expect(ids).toEqual([before.id, during.id, after.id]);
    second.unsubscribe();
  });
});
