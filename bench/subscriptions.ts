import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { startLadingProcess } from '../stack/lading-process';
import { metricValue, mib, quantile } from './stats';

/**
 * N subscribers (default 5,000) on one gateway, spread over a few shipments of one customer;
 * events are posted one at a time and each delivery's latency is measured from the moment its
 * event was posted. Prints latency quantiles and the Lading process's memory.
 */
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 5000);
const SHIPMENTS = Number(process.env.BENCH_SHIPMENTS ?? 10);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20);
const PER_CONNECTION = 50;
const SECRET = 'bench-secret';

const QUERY = `subscription($id: ID) { shipmentUpdated(shipmentId: $id) {
  cursor milestone { eventId type occurredAt } shipment { id status order { number } fulfillment { state } charges { stage } }
} }`;

export async function subscriptionBench(): Promise<void> {
  const lading = await startLadingProcess({ LADING_JWT_SECRET: SECRET, LADING_RATE_LIMIT_RPS: '100000' });
  const base = lading.gatewayUrl.replace('/graphql', '');
  const metrics = async () => (await fetch(`${base}/metrics`)).text();
  try {
    const integration = await mintToken({ sub: 'bench', role: Role.Integration }, { secret: SECRET });
    const post = (events: unknown[]) =>
      fetch(`${base}/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${integration}` }, body: JSON.stringify(events) });
    const shipments = Array.from({ length: SHIPMENTS }, (_, i) => `SHP-B${i}`);
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, minute)).toISOString();
    await post([
      { specversion: '1.0', id: 'o1', source: 'urn:erp:bench', type: EventType.OrderCreated, time: at(0), subject: 'ORD-B', data: { number: 'SO-B', customer: { id: 'CUST-B', name: 'Bench' }, lines: [{ sku: 'A', quantity: 1 }] } },
      { specversion: '1.0', id: 'o2', source: 'urn:erp:bench', type: EventType.OrderReleased, time: at(1), subject: 'ORD-B', data: { shipments: shipments.map((id) => ({ id, number: `SH-${id}`, warehouseId: 'W' })) } },
    ]);
    await new Promise((r) => setTimeout(r, 500));
    const rssIdle = metricValue(await metrics(), 'process_resident_memory_bytes');

    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const clients: Client[] = [];
    let acknowledged = 0;
    for (let i = 0; i < SUBSCRIBERS; i++) {
      if (i % PER_CONNECTION === 0) {
        // One portal user per connection: the gateway caps connections per principal.
        const user = await mintToken({ sub: `portal-user-${clients.length}`, role: Role.Customer, customerId: 'CUST-B' }, { secret: SECRET });
        clients.push(createClient({ url: lading.gatewayUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${user}` }, retryAttempts: 0 }));
      }
      clients[clients.length - 1].subscribe(
        { query: QUERY, variables: { id: shipments[i % SHIPMENTS] } },
        {
          next: (result) => {
            const eventId = (result.data as { shipmentUpdated?: { milestone: { eventId: string } } })?.shipmentUpdated?.milestone.eventId;
            const sent = eventId ? sentAt.get(eventId) : undefined;
            if (sent !== undefined) latencies.push(performance.now() - sent);
          },
          error: (error) => console.error('subscription error', error),
          complete: () => undefined,
        },
      );
      acknowledged++;
    }
    await new Promise((r) => setTimeout(r, 2000 + SUBSCRIBERS / 5));
    const rssSubscribed = metricValue(await metrics(), 'process_resident_memory_bytes');
    const active = metricValue(await metrics(), 'lading_active_subscriptions');

    for (let e = 0; e < EVENTS; e++) {
      const id = `bench-${e}`;
      sentAt.set(id, performance.now());
      await post([{ specversion: '1.0', id, source: 'urn:tms:bench', type: EventType.InTransit, time: at(10 + e), subject: shipments[e % SHIPMENTS], data: { location: `Hub ${e}` } }]);
      await new Promise((r) => setTimeout(r, 200));
    }
    const expected = Array.from({ length: EVENTS }, (_, e) => Math.ceil((SUBSCRIBERS - (e % SHIPMENTS)) / SHIPMENTS)).reduce((a, b) => a + b, 0);
    const deadline = Date.now() + 15_000;
    while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const rssAfter = metricValue(await metrics(), 'process_resident_memory_bytes');

    console.log(`subscriptions: ${acknowledged} subscribers over ${clients.length} connections (one portal user each), ${SHIPMENTS} shipments, ${EVENTS} events (gateway reports ${active} active)`);
    console.log(`  deliveries:  ${latencies.length} of ${expected} expected`);
    if (latencies.length < expected) console.warn('  WARNING: not every update was delivered within 15 s; the latency figures cover only those that were');
    console.log(`  latency:     p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms (post of the event → delivery to the client)`);
    console.log(`  memory:      Lading process RSS ${mib(rssIdle)} idle, ${mib(rssSubscribed)} with ${acknowledged} subscribers, ${mib(rssAfter)} after the events`);
    console.log(`               (~${(((rssSubscribed - rssIdle) / Math.max(1, acknowledged)) / 1024).toFixed(1)} KiB per subscriber; gateway and subgraphs share this process)`);
    await Promise.all(clients.map((c) => c.dispose()));
  } finally {
    await lading.stop();
  }
}
