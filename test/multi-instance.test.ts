import { ChangeStreamName } from '../lib/changes/change-stream';
import type { ShipmentChange } from '../lib/changes/shipment-change';
import type { EventHandler, EventHandlers } from '../lib/events/applier';
import { EventApplier } from '../lib/events/applier';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import type { Runtime } from '../lib/runtime/runtime';
import { transportHandlers } from '../subgraphs/transport/events';
import { event, orderWithShipments } from './support/events';
import type { TestRedis } from './support/redis-server';
import { redisAvailable, startRedis, uniquePrefix } from './support/redis-server';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { headCursor } from './support/cursors';
import { subscribe } from './support/ws-subscriber';

const describeRedis = redisAvailable ? describe : describe.skip;

describeRedis('several instances on one Redis', () => {
  let redis: TestRedis;
  const runtimes: Runtime[] = [];
  const runtime = async (prefix: string) => {
    const created = await createRedisRuntime({ target: { url: redis.url }, prefix, logger: silentLogger });
    runtimes.push(created);
    return created;
  };

  beforeAll(async () => {
    redis = (await startRedis())!;
  });

  afterAll(async () => {
    for (const r of runtimes) await r.dispose().catch(() => undefined);
    await redis?.stop();
  });

  it('two transport instances share 10,000 events and apply each once', async () => {
    const prefix = uniquePrefix();
    const [a, b] = [await runtime(prefix), await runtime(prefix)];
    const byInstance = [0, 0];
    // Each instance's handlers, counting what that instance applies.
    const countedBy = (index: number): EventHandlers =>
      Object.fromEntries(
        Object.entries(transportHandlers()).map(([type, handler]) => {
          const apply = handler as EventHandler;
          const counted: EventHandler = async (context) => {
            byInstance[index]++;
            await apply(context);
          };
          return [type, counted];
        }),
      );
    const instance = (r: Runtime, index: number) =>
      r.pipeline.consume(
        'transport',
        new EventApplier({
          consumer: 'transport',
          store: r.documents('transport'),
          handlers: countedBy(index),
          held: r.pipeline.held,
          emit: async () => undefined,
          logger: silentLogger,
        }),
      );
    const consumers = [instance(a, 0), instance(b, 1)];
    const shipments = Array.from({ length: 50 }, (_, i) => `SHP-M${i}`);
    await a.pipeline.ingestor.ingest(orderWithShipments('ORD-M', 'CUST-M', shipments));
    const events = Array.from({ length: 10_000 }, (_, i) =>
      event(
        EventType.InTransit,
        shipments[i % shipments.length],
        { location: `L${i}` },
        new Date(Date.UTC(2026, 10, 1, 9, 0, i)).toISOString(),
        `m-${i}`,
      ),
    );
    for (let i = 0; i < events.length; i += 500) {
      const results = await (i % 1000 === 0 ? a : b).pipeline.ingestor.ingest(events.slice(i, i + 500));
      expect(results.every((r) => r.status === 'accepted')).toBe(true);
    }
    await Promise.all(consumers.map((c) => c.idle()));
    // Every committed change is on the change stream exactly once, whichever instance committed it.
    const applied = new Map<string, number>();
    for (
      let after: string | undefined, page;
      (page = await a.changes.read<ShipmentChange>(ChangeStreamName.Shipments, after, 1000)).length > 0;
    ) {
      for (const change of page)
        applied.set(`${change.shipmentId}|${change.factKey}`, (applied.get(`${change.shipmentId}|${change.factKey}`) ?? 0) + 1);
      after = page[page.length - 1].id;
    }
    const inTransit = [...applied.keys()].filter((k) => k.includes('|urn:tms:test|m-'));
    expect(inTransit).toHaveLength(10_000);
    expect([...applied.values()].every((n) => n === 1)).toBe(true);
    expect(byInstance[0]).toBeGreaterThan(0);
    expect(byInstance[1]).toBeGreaterThan(0);
    await Promise.all(consumers.map((c) => c.dispose()));
  }, 120_000);

  it('delivers an event ingested through either of two gateways to subscribers on both', async () => {
    const prefix = uniquePrefix();
    const one: TestStack = await startTestStack(await runtime(prefix));
    const two: TestStack = await startTestStack(await runtime(prefix));
    try {
      await one.ingest(orderWithShipments('ORD-G', 'CUST-G', ['SHP-G']));
      const token = await one.token(Role.Customer, 'CUST-G');
      const query =
        'subscription ($after: String) { shipmentUpdated(shipmentId: "SHP-G", after: $after) { milestone { eventId } shipment { status order { number } } } }';
      // Subscribing from the head of the log: whatever is posted next reaches both, however late either registers.
      const after = await headCursor(one);
      const onOne = subscribe(one.gatewayUrl, { authorization: `Bearer ${token}` }, query, { after });
      const onTwo = subscribe(two.gatewayUrl, { authorization: `Bearer ${token}` }, query, { after });
      const first = event(EventType.PickConfirmed, 'SHP-G', { warehouseId: 'W' }, '2026-11-01T09:00:00Z');
      const second = event(EventType.PickedUp, 'SHP-G', {}, '2026-11-01T10:00:00Z');
      await one.postEvents([first], await one.token(Role.Integration));
      await onOne.waitFor(1, 30_000);
      await onTwo.waitFor(1, 30_000);
      await two.postEvents([second], await two.token(Role.Integration));
      for (const sub of [onOne, onTwo]) {
        const results = await sub.waitFor(2, 30_000);
        expect(results.map((r) => r.data.shipmentUpdated.milestone.eventId)).toEqual([first.id, second.id]);
        expect(results[1].data.shipmentUpdated.shipment).toEqual({ status: 'IN_TRANSIT', order: { number: 'SO-ORD-G' } });
        await sub.close();
      }
    } finally {
      await one.stack.dispose();
      await two.stack.dispose();
    }
  }, 60_000);

  it('a carrier event held by one gateway for its tender is settled by the tender posted to the other', async () => {
    const prefix = uniquePrefix();
    const one: TestStack = await startTestStack(await runtime(prefix));
    const two: TestStack = await startTestStack(await runtime(prefix));
    try {
      await one.ingest([...orderWithShipments('ORD-H', 'CUST-H', ['SHP-H1', 'SHP-H2'])]);
      const odfl = await one.tokenWith({ sub: 'odfl', role: Role.Integration, carriers: ['ODFL'] });
      const delivered = (subject: string) => ({
        ...event(EventType.Delivered, subject, {}, '2026-11-02T10:00:00Z'),
        source: 'urn:carrier:odfl',
      });
      const early = [delivered('SHP-H1'), delivered('SHP-H2')];
      const held = await one.postEvents(early, odfl);
      expect(held.body.results.map((r: { status: string }) => r.status)).toEqual(['held', 'held']);
      const tender = (subject: string, scac: string) =>
        event(EventType.ShipmentTendered, subject, { carrier: { scac } }, '2026-11-01T09:00:00Z');
      await two.ingest([tender('SHP-H1', 'ODFL'), tender('SHP-H2', 'ACME')]);
      await one.runtime.pipeline.idle();
      const rep = await two.token(Role.ServiceRep);
      const { body } = await two.graphql(
        '{ h1: shipment(id: "SHP-H1") { status } h2: shipment(id: "SHP-H2") { status } heldEvents { totalCount } deadLetters { edges { node { eventId reason } } } }',
        {},
        rep,
      );
      expect(body.data.h1.status).toBe('DELIVERED');
      expect(body.data.h2.status).not.toBe('DELIVERED');
      expect(body.data.heldEvents.totalCount).toBe(0);
      expect(body.data.deadLetters.edges.map((e: { node: unknown }) => e.node)).toEqual([
        { eventId: early[1].id, reason: 'carrier_not_assigned: shipment SHP-H2 is not tendered to carriers ODFL' },
      ]);
    } finally {
      await one.stack.dispose();
      await two.stack.dispose();
    }
  }, 60_000);
});
