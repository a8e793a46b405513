import WebSocket from 'ws';
import { encodeIdentity } from '../lib/identity/forwarding';
import { Role } from '../lib/identity/identity';
import { signWsInit } from '../lib/identity/ws-init-signing';
import { orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { TEST_SUBGRAPH_SECRET, startTestStack } from './support/test-stack';
import { eventually, subscribe } from './support/ws-subscriber';

/** A raw graphql-transport-ws socket, to send what a well-behaved client would not. */
function rawSocket(url: string) {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: any[] = [];
  let closed: { code: number } | undefined;
  socket.on('message', (data) => messages.push(JSON.parse((data as Buffer).toString('utf8'))));
  socket.on('close', (code) => (closed = { code }));
  socket.on('error', () => undefined);
  const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()));
  return { socket, messages, opened, closed: () => closed };
}

describe("the transport subgraph's graphql-ws door", () => {
  let t: TestStack;
  const identity = encodeIdentity({ sub: 'router', role: Role.Customer, customerId: 'CUST-W' });

  beforeAll(async () => {
    t = await startTestStack();
    await t.ingest(orderWithShipments('ORD-W', 'CUST-W', ['SHP-W']));
  });

  afterAll(() => t.dispose());

  it('accepts a signed connection_init once: a captured one replayed is refused with 4403', async () => {
    const init = signWsInit(TEST_SUBGRAPH_SECRET, identity);
    const first = rawSocket(t.stack.subgraphs.transport.url);
    await first.opened;
    first.socket.send(JSON.stringify({ type: 'connection_init', payload: init }));
    await eventually(() => first.messages.some((m) => m.type === 'connection_ack'));
    const replay = rawSocket(t.stack.subgraphs.transport.url);
    await replay.opened;
    replay.socket.send(JSON.stringify({ type: 'connection_init', payload: init }));
    await eventually(() => replay.closed() !== undefined);
    expect(replay.closed()?.code).toBe(4403);
    first.socket.close();
  });

  it('refuses an init whose session expiry has passed, and one without nonce', async () => {
    const expired = signWsInit(TEST_SUBGRAPH_SECRET, identity, Date.now() - 1000, 500);
    const { 'x-lading-nonce': _nonce, ...withoutNonce } = signWsInit(TEST_SUBGRAPH_SECRET, identity);
    for (const payload of [expired, withoutNonce]) {
      const sub = subscribe(t.stack.subgraphs.transport.url, payload, 'subscription { shipmentUpdated { cursor } }');
      await eventually(() => sub.errors.length > 0);
      expect((sub.errors[0] as { code: number }).code).toBe(4403);
      await sub.close();
    }
  });

  it('serves only subscriptions: a query fails with FORBIDDEN, the session stays', async () => {
    const sub = subscribe(t.stack.subgraphs.transport.url, signWsInit(TEST_SUBGRAPH_SECRET, identity), '{ shipment(id: "SHP-W") { id } }');
    await eventually(() => sub.errors.length > 0);
    expect(JSON.stringify(sub.errors)).toContain('FORBIDDEN');
    await sub.close();
  });

  it('closes a frame over maxPayload without parsing it (1009)', async () => {
    const raw = rawSocket(t.stack.subgraphs.transport.url);
    await raw.opened;
    raw.socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(200 * 1024) } }));
    await eventually(() => raw.closed() !== undefined);
    expect(raw.closed()?.code).toBe(1009);
  });

  it('caps the sockets waiting for connection_init (1013 past the cap)', async () => {
    const waiting = Array.from({ length: 64 }, () => rawSocket(t.stack.subgraphs.transport.url));
    await Promise.all(waiting.map((w) => w.opened));
    const over = rawSocket(t.stack.subgraphs.transport.url);
    await eventually(() => over.closed() !== undefined);
    expect(over.closed()?.code).toBe(1013);
    for (const w of waiting) w.socket.close();
    await eventually(() => waiting.every((w) => w.closed() !== undefined));
  });
});
