import type { Client } from 'graphql-ws';
import { createClient } from 'graphql-ws';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { EventType } from '../lib/events/types';
import { ChangeStreamName } from '../lib/changes/change-stream';
import type { ShipmentChange } from '../lib/changes/shipment-change';
import { encodeUpdateCursor } from '../lib/graphql/update-cursor';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import type { Runtime } from '../lib/runtime/runtime';
import { KNOWN_MANIFEST_PATHS } from '../lib/supergraph/paths';
import type { ManifestOperation } from '../lib/trusted-documents';
import { parseManifest } from '../lib/trusted-documents';
import type { Stack } from '../stack/start-stack';
import { startStack } from '../stack/start-stack';
import { event, orderWithShipments } from './support/events';
import { testConfig } from './support/test-stack';

const SECRET = 'trusted-documents-secret';
const MANIFEST_PATH = KNOWN_MANIFEST_PATHS[0];
const operations = parseManifest(readFileSync(MANIFEST_PATH, 'utf8'), MANIFEST_PATH).operations;
const op = (name: string) => operations.find((o) => o.name === name) as ManifestOperation;
const byHash = (o: ManifestOperation) => ({ persistedQuery: { version: 1, sha256Hash: o.id } });
/** A document the example portal never shipped: a customer token must not run it when trusted documents are enforced. */
const UNLISTED = 'query Everything { shipments(first: 100) { edges { node { id number charges { amount { amount } } } } } }';
const UNLISTED_SUBSCRIPTION = 'subscription { shipmentUpdated { cursor } }';
const UNLISTED_HASH = { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } };

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
const codeOf = (body: Body) => body.errors?.[0]?.extensions?.code;

/** Reads a streamed response until `done(text)` holds, then stops the stream. */
async function readUntil(response: Response, done: (text: string) => boolean): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

/** One operation over graphql-ws: its last result, or the errors it was refused with. */
function overWs(client: Client, payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> }) {
  return new Promise<Body>((resolve) => {
    let last: Body = {};
    client.subscribe(payload, {
      next: (result) => void (last = result as Body),
      error: (error) => resolve(Array.isArray(error) ? { errors: error } : { errors: [{ message: String(error) }] }),
      complete: () => resolve(last),
    });
  });
}

describe('trusted documents enforced for customers (the example portal manifest)', () => {
  let stack: Stack;
  let runtime: Runtime;
  let customer: string;
  let rep: string;
  let cursor: string;
  const post = (body: unknown, headers: Record<string, string> = {}, token = customer) =>
    fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    runtime = createMemoryRuntime(silentLogger);
    stack = await startStack({
      config: testConfig({
        LADING_JWT_SECRET: SECRET,
        LADING_TRUSTED_DOCUMENTS: 'customer=enforce',
        LADING_TRUSTED_DOCUMENTS_PATH: MANIFEST_PATH,
      }),
      runtime,
      logger: silentLogger,
      subgraphSecret: 'trusted-documents-subgraph-secret',
    });
    const moved = (n: number) =>
      event(EventType.InTransit, 'SHP-T', { location: `Hub ${n}` }, new Date(Date.UTC(2026, 10, 4, 8, n)).toISOString(), `trusted-${n}`);
    const integration = await mintToken({ sub: 'feed', role: Role.Integration }, { secret: SECRET });
    const accepted = await fetch(stack.gateway.url.replace('/graphql', '/events'), {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${integration}` },
      body: JSON.stringify([...orderWithShipments('ORD-T', 'CUST-T', ['SHP-T']), moved(0), moved(1)]),
    });
    expect(accepted.status).toBe(202);
    await runtime.pipeline.idle();
    customer = await mintToken({ sub: 'portal-user', role: Role.Customer, customerId: 'CUST-T' }, { secret: SECRET });
    rep = await mintToken({ sub: 'rep', role: Role.ServiceRep }, { secret: SECRET });
    // Resume after the change event 'trusted-0' made: the later in-transit update is replayed.
    const changes = await runtime.changes.read<ShipmentChange>(ChangeStreamName.Shipments, undefined, 1000);
    const first = changes.find((c) => c.milestone.eventId === 'trusted-0' && c.shipmentId === 'SHP-T');
    cursor = encodeUpdateCursor(first!.id, 'SHP-T');
  });

  afterAll(async () => {
    await stack.dispose();
    await runtime.dispose();
  });

  describe('over HTTP', () => {
    it('answers a listed document sent by hash alone, by POST and by GET', async () => {
      const detail = op('ShipmentDetail');
      const posted = (await (await post({ variables: { id: 'SHP-T' }, extensions: byHash(detail) })).json()) as Body;
      expect(posted).toEqual({ data: { shipment: expect.objectContaining({ id: 'SHP-T', status: 'IN_TRANSIT' }) } });
      const query = new URLSearchParams({ variables: JSON.stringify({ id: 'SHP-T' }), extensions: JSON.stringify(byHash(detail)) });
      const got = await fetch(`${stack.gateway.url}?${query.toString()}`, {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${customer}` },
      });
      expect(await got.json()).toEqual(posted);
    });

    it('refuses an unlisted document and an unlisted hash, with their codes', async () => {
      expect(codeOf((await (await post({ query: UNLISTED })).json()) as Body)).toBe('QUERY_NOT_IN_SAFELIST');
      const byUnknownHash = await post({ extensions: UNLISTED_HASH });
      expect(codeOf((await byUnknownHash.json()) as Body)).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      const strict = await post({ query: UNLISTED }, { accept: 'application/graphql-response+json' });
      expect(strict.status).toBe(400);
    });

    it('leaves service reps free-form, with automatic persisted queries as Apollo Client sends them', async () => {
      const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(UNLISTED).digest('hex') } };
      const unknown = (await (await post({ extensions }, {}, rep)).json()) as Body;
      expect(codeOf(unknown)).toBe('PERSISTED_QUERY_NOT_FOUND');
      const registered = (await (await post({ query: UNLISTED, extensions }, {}, rep)).json()) as Body;
      expect(registered.data.shipments.edges.length).toBeGreaterThan(0);
      expect(await (await post({ extensions }, {}, rep)).json()).toEqual(registered);
    });
  });

  describe('over graphql-ws', () => {
    let client: Client;
    beforeAll(() => {
      client = createClient({
        url: stack.gateway.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${customer}` },
        retryAttempts: 0,
      });
    });
    afterAll(() => client.dispose());

    it('answers a listed document by hash, and by its text with its hash as Apollo Client sends it', async () => {
      const detail = op('ShipmentDetail');
      const variables = { id: 'SHP-T' };
      const hashOnly = await overWs(client, { query: '', variables, extensions: byHash(detail) });
      expect(hashOnly).toEqual({ data: { shipment: expect.objectContaining({ id: 'SHP-T', status: 'IN_TRANSIT' }) } });
      expect(await overWs(client, { query: detail.body, variables, extensions: byHash(detail) })).toEqual(hashOnly);
    });

    it('refuses an unlisted document and an unlisted hash', async () => {
      expect(codeOf(await overWs(client, { query: UNLISTED }))).toBe('QUERY_NOT_IN_SAFELIST');
      expect(codeOf(await overWs(client, { query: '', extensions: UNLISTED_HASH }))).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    });
  });

  describe.each([
    ['SSE', 'text/event-stream'],
    ['multipart', 'multipart/mixed;subscriptionSpec="1.0",application/json'],
  ])('subscriptions over %s', (_transport, accept) => {
    it('streams a listed subscription sent by hash alone', async () => {
      const response = await post(
        { variables: { shipmentId: 'SHP-T', after: cursor }, extensions: byHash(op('ShipmentUpdates')) },
        { accept },
      );
      expect(response.status).toBe(200);
      const text = await readUntil(response, (s) => s.includes('"cursor"'));
      expect(text).toMatch(/"shipmentUpdated":\{"cursor":"[^"]+","milestone":\{"type":"tms\.shipment\.in_transit"/);
    });

    it('refuses an unlisted subscription and an unlisted hash before streaming', async () => {
      for (const [body, code] of [
        [{ query: UNLISTED_SUBSCRIPTION }, 'QUERY_NOT_IN_SAFELIST'],
        [{ extensions: UNLISTED_HASH }, 'PERSISTED_QUERY_NOT_IN_LIST'],
      ] as const) {
        const refused = await post(body, { accept });
        // A request error: 400, or 200 where the client also accepts application/json (GraphQL over HTTP); never a stream.
        expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
        expect(codeOf((await refused.json()) as Body)).toBe(code);
      }
    });
  });
});
