import type { Client } from 'graphql-ws';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { decodeUpdateCursor } from '../lib/graphql/update-cursor';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import type { LadingProcess } from '../stack/lading-process';
import { metricValue } from './stats';

export const SECRET = 'bench-secret';
export const UPDATE = `subscription($id: ID, $after: String) { shipmentUpdated(shipmentId: $id, after: $after) {
  cursor milestone { eventId type occurredAt } shipment { id status order { number } fulfillment { state } charges { stage } }
} }`;
const PER_CONNECTION = 50;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, 0) + minute * 60_000).toISOString();

/**
 * fetch, once more when a kept-alive socket was closed under it (ECONNRESET on a loaded machine);
 * safe here: metrics are read-only and events are deduplicated by id.
 */
export async function fetchAgain(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

/** Posting events and reading metrics of one Lading process. */
export function driver(lading: LadingProcess) {
  const base = lading.gatewayUrl.replace('/graphql', '');
  let integration: string | undefined;
  const post = async (events: unknown[]) => {
    integration ??= await mintToken({ sub: 'bench', role: Role.Integration }, { secret: SECRET });
    const response = await fetchAgain(`${base}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${integration}` },
      body: JSON.stringify(events),
    });
    if (response.status >= 300) throw new Error(`POST /events answered ${response.status}: ${await response.text()}`);
  };
  return {
    post,
    rss: async () => metricValue(await (await fetchAgain(`${base}/metrics`)).text(), 'process_resident_memory_bytes'),
    /** A gauge or counter of the gateway's `/metrics` (first sample). */
    metric: async (name: string) => metricValue(await (await fetchAgain(`${base}/metrics`)).text(), name),
    /** `shipment { status timeline { eventId } }` as its customer reads it (what was applied). */
    async shipment(customer: string, id: string) {
      const token = await mintToken({ sub: 'bench-reader', role: Role.Customer, customerId: customer }, { secret: SECRET });
      const response = await fetchAgain(lading.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'query($id: ID!) { shipment(id: $id) { status timeline { eventId } } }', variables: { id } }),
      });
      return ((await response.json()) as { data?: { shipment?: { status: string; timeline: { eventId: string }[] } } }).data?.shipment;
    },
    /** Orders of `customer` releasing `shipments`, 50 per order (one huge order would measure the order, not the subscriptions). */
    async seed(customer: string, order: string, shipments: string[]) {
      for (let i = 0; i < shipments.length; i += 50) {
        const id = `${order}-${i / 50}`;
        const chunk = shipments.slice(i, i + 50);
        await post([
          {
            specversion: '1.0',
            id: `${id}-c`,
            source: 'urn:erp:bench',
            type: EventType.OrderCreated,
            time: at(0),
            subject: id,
            data: { number: `SO-${id}`, customer: { id: customer, name: 'Bench' }, lines: [{ sku: 'A', quantity: 1 }] },
          },
          {
            specversion: '1.0',
            id: `${id}-r`,
            source: 'urn:erp:bench',
            type: EventType.OrderReleased,
            time: at(1),
            subject: id,
            data: { shipments: chunk.map((s) => ({ id: s, number: `SH-${s}`, warehouseId: 'W' })) },
          },
        ]);
      }
    },
    /** Waits until `shipment` can be read by its customer: events are applied after the post answers, and a subscription to a shipment not applied yet is NOT_FOUND. */
    async visible(customer: string, shipment: string, timeoutMs = 30_000) {
      const token = await mintToken({ sub: 'bench-reader', role: Role.Customer, customerId: customer }, { secret: SECRET });
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const response = await fetchAgain(lading.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: 'query($id: ID!) { shipment(id: $id) { id } }', variables: { id: shipment } }),
        });
        if (((await response.json()) as { data?: { shipment?: unknown } }).data?.shipment) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`${shipment} was not applied within ${timeoutMs / 1000} s`);
    },
    milestone: (id: string, shipment: string, minute: number) => ({
      specversion: '1.0',
      id,
      source: 'urn:tms:bench',
      type: EventType.InTransit,
      time: at(10 + minute),
      subject: shipment,
      data: { location: `Hub ${minute}` },
    }),
  };
}

/**
 * When the change an update stands for was committed (epoch ms): its cursor names the change's
 * stream entry, whose id starts with Redis's (or the memory stream's) clock at commit.
 */
function committedAt(cursor: unknown): number | undefined {
  if (typeof cursor !== 'string') return undefined;
  try {
    const { position } = decodeUpdateCursor(cursor);
    const [own, parts] = position.split('~');
    const ms = Number(parts.split(',')[Number(own)].split('-')[0]);
    return ms > 1e12 ? ms : undefined;
  } catch {
    return undefined;
  }
}

/** Latency from the post of an event (by id) to each delivery of its update. */
export class Deliveries {
  readonly sentAt = new Map<string, number>();
  readonly latencies: number[] = [];
  readonly perEvent = new Map<string, number>();
  /** Per update with a cursor: ms from the post to the commit of its change, and from the commit to the client. */
  readonly toCommit: number[] = [];
  readonly fromCommit: number[] = [];
  /** performance.now() at the first and last delivery with data. */
  first?: number;
  last?: number;
  errors = 0;
  missed = 0;
  /** Errors of results, counted by code, subgraph and whether the result still had data. */
  readonly errorKinds = new Map<string, number>();
  /** performance.now() − Date.now(): turns a commit time (epoch ms) into this process's clock. */
  private readonly clock = performance.now() - Date.now();

  sent(eventId: string): void {
    this.sentAt.set(eventId, performance.now());
  }

  received(result: { data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] }): void {
    const update = (result.data as { shipmentUpdated?: { cursor?: string; milestone: { eventId: string } } } | undefined)?.shipmentUpdated;
    const eventId = update?.milestone.eventId;
    const sent = eventId ? this.sentAt.get(eventId) : undefined;
    const now = performance.now();
    if (sent !== undefined) {
      this.latencies.push(now - sent);
      this.first ??= now;
      this.last = now;
      const committed = committedAt(update?.cursor);
      if (committed !== undefined) {
        this.toCommit.push(committed + this.clock - sent);
        this.fromCommit.push(now - (committed + this.clock));
      }
    }
    if (eventId) this.perEvent.set(eventId, (this.perEvent.get(eventId) ?? 0) + 1);
    if (result.errors && process.env.BENCH_DEBUG && this.errors === 0) console.log('first error result:', JSON.stringify(result.errors));
    if (result.errors) {
      this.errors++;
      // What the errors were, by code and subgraph: a late update and one nulled by a subgraph's timeout differ.
      for (const error of result.errors) {
        const { code, subgraph } = (error.extensions ?? {}) as { code?: string; subgraph?: string };
        const kind = `${code ?? 'no code'}${subgraph ? ` (${subgraph})` : ''}${update ? '' : ', no data'}`;
        this.errorKinds.set(kind, (this.errorKinds.get(kind) ?? 0) + 1);
      }
    }
  }

  async until(expected: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }
}

/** `count` graphql-ws subscriptions, 50 per connection, one portal user per connection. */
export async function subscribeMany(
  gatewayUrl: string,
  customer: string,
  count: number,
  shipmentOf: (i: number) => string,
  deliveries: Deliveries,
): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < count; i++) {
    if (i % PER_CONNECTION === 0) {
      const user = await mintToken(
        { sub: `portal-${customer}-${clients.length}`, role: Role.Customer, customerId: customer },
        { secret: SECRET },
      );
      clients.push(
        createClient({
          url: gatewayUrl.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${user}` },
          retryAttempts: 0,
          lazy: false,
        }),
      );
    }
    clients[clients.length - 1].subscribe(
      { query: UPDATE, variables: { id: shipmentOf(i) } },
      {
        next: (result) => deliveries.received(result),
        error: (error) => {
          if (process.env.BENCH_DEBUG && deliveries.errors === 0) console.log('first subscription error:', JSON.stringify(error));
          deliveries.errors++;
          if (JSON.stringify(error).includes('UPDATES_MISSED')) deliveries.missed++;
        },
        complete: () => undefined,
      },
    );
  }
  return clients;
}

/**
 * A subscriber that stops reading its socket: the gateway must not slow the others down for it, and
 * must not hold unbounded memory for it.
 */
export async function stalledSubscriber(gatewayUrl: string, customer: string, shipment: string): Promise<WebSocket> {
  const user = await mintToken({ sub: `stalled-${customer}`, role: Role.Customer, customerId: customer }, { secret: SECRET });
  const socket = new WebSocket(gatewayUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${user}` } }));
  await new Promise((resolve) => socket.once('message', resolve));
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: UPDATE, variables: { id: shipment } } }));
  // Stop reading: the kernel buffers fill, then the gateway's writes wait.
  (socket as unknown as { _socket: { pause(): void } })._socket.pause();
  return socket;
}
