import type { Client } from 'graphql-ws';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
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

/** Latency from the post of an event (by id) to each delivery of its update. */
export class Deliveries {
  readonly sentAt = new Map<string, number>();
  readonly latencies: number[] = [];
  readonly perEvent = new Map<string, number>();
  errors = 0;
  missed = 0;

  sent(eventId: string): void {
    this.sentAt.set(eventId, performance.now());
  }

  received(result: { data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] }): void {
    const eventId = (result.data as { shipmentUpdated?: { milestone: { eventId: string } } } | undefined)?.shipmentUpdated?.milestone
      .eventId;
    const sent = eventId ? this.sentAt.get(eventId) : undefined;
    if (sent !== undefined) this.latencies.push(performance.now() - sent);
    if (eventId) this.perEvent.set(eventId, (this.perEvent.get(eventId) ?? 0) + 1);
    if (result.errors && process.env.BENCH_DEBUG && this.errors === 0) console.log('first error result:', JSON.stringify(result.errors));
    if (result.errors) this.errors++;
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
