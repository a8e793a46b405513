import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { Kind, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { HEARTBEAT_MS } from '../gateway/subscriptions/http/http-subscriptions';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { KNOWN_MANIFEST_PATHS } from '../lib/supergraph/paths';
import { headCursor } from './support/cursors';
import { event, orderWithShipments } from './support/events';
import { startTcpProxy } from './support/tcp-proxy';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { until } from './support/until';

/** The example portal's operations as its source holds them; the manifest Lading enforces was generated from them by Apollo's tool. */
const PORTAL = parse(readFileSync(path.join(__dirname, '../docs/examples/portal-operations.graphql'), 'utf8'));
const portal = (name: string): DocumentNode => ({
  kind: Kind.DOCUMENT,
  definitions: PORTAL.definitions.filter((d) => (d as OperationDefinitionNode).name?.value === name),
});
const UNLISTED = parse('query Unlisted($id: ID!) { shipment(id: $id) { id number } }');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let n = 0;
const moved = () =>
  event(EventType.InTransit, 'SHP-AC', { location: `Hub ${++n}` }, new Date(Date.UTC(2026, 10, 4, 10, n)).toISOString(), `apollo-${n}`);

describe('Apollo Client 4 as shipped, against the example portal’s trusted documents', () => {
  let t: TestStack;
  let customer: string;
  /** Every request body Apollo's HttpLink sent, in order. */
  const sent: Record<string, unknown>[] = [];

  const httpLink = (token: string, uri = t.gatewayUrl) =>
    new HttpLink({
      uri,
      headers: { authorization: `Bearer ${token}` },
      fetch: (url, init) => {
        if (typeof init?.body === 'string') sent.push(JSON.parse(init.body));
        return fetch(url, init);
      },
    });
  const apollo = (terminal: ApolloLink) =>
    new ApolloClient({ link: ApolloLink.from([new PersistedQueryLink({ sha256 }), terminal]), cache: new InMemoryCache() });

  /** Collects a subscription's updates as Apollo Client hands them over. */
  function watch(client: ApolloClient, variables: Record<string, unknown>) {
    const seen = { occurredAt: [] as string[], cursors: [] as string[], errors: [] as unknown[] };
    const subscription = client.subscribe<any>({ query: portal('ShipmentUpdates'), variables }).subscribe({
      next: (result) => {
        if (result.error) seen.errors.push(result.error);
        else {
          seen.occurredAt.push(result.data?.shipmentUpdated.milestone.occurredAt);
          seen.cursors.push(result.data?.shipmentUpdated.cursor);
        }
      },
      error: (error) => seen.errors.push(error),
    });
    return { seen, stop: () => subscription.unsubscribe() };
  }

  beforeAll(async () => {
    t = await startTestStack(createMemoryRuntime(silentLogger), undefined, undefined, undefined, undefined, silentLogger, undefined, {
      LADING_TRUSTED_DOCUMENTS: 'customer=enforce',
      LADING_TRUSTED_DOCUMENTS_PATH: KNOWN_MANIFEST_PATHS[0],
    });
    await t.ingest(orderWithShipments('ORD-AC', 'CUST-AC', ['SHP-AC']));
    customer = await t.token(Role.Customer, 'CUST-AC');
  });

  afterAll(() => t.dispose());

  it('HttpLink with multipart subscriptions hands each update over as it happens, not with the next heartbeat', async () => {
    const client = apollo(httpLink(customer));
    const { seen, stop } = watch(client, { shipmentId: 'SHP-AC', after: await headCursor(t) });
    for (const count of [1, 2]) {
      const update = moved();
      await t.ingest([update]);
      // A part Apollo could only hand over once the next one arrived would come with the heartbeat, HEARTBEAT_MS after the last.
      await until(() => seen.occurredAt.length >= count || seen.errors.length > 0, `update ${count} before a heartbeat`, HEARTBEAT_MS / 2);
      expect(seen).toMatchObject({ occurredAt: [...seen.occurredAt.slice(0, count - 1), update.time], errors: [] });
    }
    stop();
  });

  it('HttpLink: after a cut, subscribing again with after: the last cursor loses nothing', async () => {
    const proxy = await startTcpProxy(t.gatewayUrl);
    const client = apollo(httpLink(customer, proxy.url));
    const first = watch(client, { shipmentId: 'SHP-AC', after: await headCursor(t) });
    const before = moved();
    await t.ingest([before]);
    await until(() => first.seen.occurredAt.length === 1, 'the update before the cut');
    proxy.cut();
    await until(() => first.seen.errors.length > 0, 'Apollo Client reporting the cut');
    first.stop();
    const during = moved();
    await t.ingest([during]);
    proxy.restore();
    const second = watch(client, { shipmentId: 'SHP-AC', after: first.seen.cursors[0] });
    await until(() => second.seen.occurredAt.length > 0 || second.seen.errors.length > 0, 'the update made while cut off');
    expect(second.seen).toMatchObject({ occurredAt: [during.time], errors: [] });
    second.stop();
    await proxy.close();
  });

  it('GraphQLWsLink runs the portal’s listed subscription over graphql-ws', async () => {
    const ws = createClient({
      url: t.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${customer}` },
    });
    const client = apollo(new GraphQLWsLink(ws));
    const { seen, stop } = watch(client, { shipmentId: 'SHP-AC', after: await headCursor(t) });
    const update = moved();
    await t.ingest([update]);
    await until(() => seen.occurredAt.length > 0 || seen.errors.length > 0, 'the update over graphql-ws');
    expect(seen).toMatchObject({ occurredAt: [update.time], errors: [] });
    stop();
    await ws.dispose();
  });

  it('the persisted-queries link runs a listed query by hash alone; an unlisted one is refused for the customer', async () => {
    const client = apollo(httpLink(customer));
    sent.length = 0;
    const listed = await client.query<any>({ query: portal('ShipmentDetail'), variables: { id: 'SHP-AC' } });
    expect(listed.data.shipment).toMatchObject({ id: 'SHP-AC', status: expect.any(String) });
    expect(sent).toEqual([expect.not.objectContaining({ query: expect.anything() })]);
    // network-only: the cache could answer it from the listed query's result.
    await expect(client.query({ query: UNLISTED, variables: { id: 'SHP-AC' }, fetchPolicy: 'network-only' })).rejects.toMatchObject({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_IN_LIST' }) })],
    });
  });

  it('automatic persisted queries where not enforced: a service rep’s unknown hash is registered, then runs by hash alone', async () => {
    const rep = await t.token(Role.ServiceRep);
    sent.length = 0;
    const first = await apollo(httpLink(rep)).query<any>({ query: UNLISTED, variables: { id: 'SHP-AC' } });
    expect(first.data.shipment).toMatchObject({ id: 'SHP-AC' });
    // Hash alone (PERSISTED_QUERY_NOT_FOUND), then the document with its hash.
    expect(sent.map((body) => 'query' in body)).toEqual([false, true]);
    sent.length = 0;
    const again = await apollo(httpLink(rep)).query<any>({ query: UNLISTED, variables: { id: 'SHP-AC' } });
    expect(again.data).toEqual(first.data);
    expect(sent.map((body) => 'query' in body)).toEqual([false]);
  });
});
