import type { Cluster } from 'ioredis';
import { changeStreamContract, CONTRACT_RETENTION_MS } from '../lib/changes/change-stream.contract';
import { RedisChangeStreams } from '../lib/changes/redis-change-streams';
import { EventApplier } from '../lib/events/applier';
import { eventLogContract } from '../lib/events/event-log.contract';
import { RedisEventLog } from '../lib/events/redis-event-log';
import type { CanonicalEvent } from '../lib/events/types';
import { EventType } from '../lib/events/types';
import { silentLogger } from '../lib/logger';
import type { RedisClient } from '../lib/redis/client';
import { connectTarget } from '../lib/redis/connect';
import { redisKeys } from '../lib/redis/keys';
import { slotOf } from '../lib/redis/partitioning';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import { DEFAULTS } from '../lib/settings';
import { documentStoreContract } from '../lib/store/document-store.contract';
import { RedisDocumentStore } from '../lib/store/redis-document-store';
import { transportHandlers } from '../subgraphs/transport/events';
import { ingestScenarios } from './ingest-scenarios';
import { safetyScenarios } from './safety-scenarios';
import { orderIndependence } from './support/order-independence';
import { describeWithRedisCluster, seedNodes } from './support/redis-cluster';
import { uniquePrefix } from './support/redis-server';
import { headCursor } from './support/cursors';
import { event, orderWithShipments } from './support/events';
import { startTestStack } from './support/test-stack';
import { subscribe } from './support/ws-subscriber';
import { Role } from '../lib/identity/identity';

const PARTITIONS = DEFAULTS.LADING_LOG_PARTITIONS;

/** Errors each master has answered, by kind (INFO errorstats), e.g. { CROSSSLOT: 2 }. */
async function errorStats(client: Cluster): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const node of client.nodes('master')) {
    const info = await node.info('errorstats');
    for (const [, kind, count] of info.matchAll(/errorstat_([A-Z]+):count=(\d+)/g)) totals[kind] = (totals[kind] ?? 0) + Number(count);
  }
  return totals;
}

/**
 * Every contract suite and the end-to-end ingest, safety and order-independence tests, on a local
 * Redis Cluster of three masters with a replica each (acceptance of the cluster layout): the same
 * suites run on one node (test/*.test.ts with describeWithRedis) and in memory.
 */
describeWithRedisCluster('Lading on a Redis Cluster', (cluster) => {
  const connections: RedisClient[] = [];
  const connect = async () => {
    const connection = await connectTarget({ clusterNodes: seedNodes(cluster()) }, { name: 'test-cluster', logger: silentLogger });
    connections.push(connection);
    return connection;
  };
  const runtime = (prefix = uniquePrefix()) =>
    createRedisRuntime({ target: { clusterNodes: seedNodes(cluster()) }, prefix, logger: silentLogger });
  let probe: Cluster;

  beforeAll(async () => {
    probe = (await connect()) as Cluster;
  });
  afterAll(async () => {
    for (const connection of connections) connection.disconnect();
  });

  documentStoreContract('cluster', async () => ({
    store: new RedisDocumentStore(await connect(), redisKeys(uniquePrefix(), PARTITIONS), 'ns'),
    cleanup: async () => undefined,
  }));

  eventLogContract('cluster', async () => {
    const log = new RedisEventLog(await connect(), redisKeys(uniquePrefix(), PARTITIONS), silentLogger);
    return { log, cleanup: () => log.dispose() };
  });

  changeStreamContract('cluster', async (clock) => {
    const connection = await connect();
    const keys = redisKeys(uniquePrefix(), PARTITIONS);
    const changes = new RedisChangeStreams(connection, keys, silentLogger);
    const store = new RedisDocumentStore(connection, keys, 'ns', { retentionMs: CONTRACT_RETENTION_MS, clock });
    return { store, changes, cleanup: () => changes.dispose() };
  });

  ingestScenarios('cluster runtime', () => runtime());
  safetyScenarios('cluster runtime', () => runtime());
  orderIndependence('cluster runtime', () => runtime(), 20);

  it('spreads the state of 10,000 shipments over the three masters within ±20%', async () => {
    const prefix = uniquePrefix();
    const keys = redisKeys(prefix, PARTITIONS);
    const lading = await runtime(prefix);
    const applier = new EventApplier({
      consumer: 'transport',
      store: lading.documents('transport'),
      handlers: transportHandlers(),
      held: lading.pipeline.held,
      emit: async () => undefined,
      logger: silentLogger,
    });
    // 100 orders of 100 shipments each, released through transport's own handlers (the real write path).
    const time = '2026-11-01T08:00:00Z';
    const at = { specversion: '1.0' as const, source: 'urn:test:erp', time };
    const events: CanonicalEvent[] = [];
    for (let o = 0; o < 100; o++) {
      const orderId = `ORD-${o}`;
      const shipments = Array.from({ length: 100 }, (_, s) => ({ id: `SHP-${o}-${s}`, number: `SH-${o}-${s}`, warehouseId: 'DC' }));
      events.push(
        {
          ...at,
          id: `c${o}`,
          type: EventType.OrderCreated,
          subject: orderId,
          data: { number: `SO-${o}`, customer: { id: `C${o % 7}`, name: 'C' }, lines: [{ sku: 'A', quantity: 1 }] },
        },
        { ...at, id: `r${o}`, type: EventType.OrderReleased, subject: orderId, data: { shipments } },
      );
    }
    let position = 0;
    for (const event of events) await applier.apply({ position: String(++position).padStart(12, '0'), recordedAt: time, event });

    const masters = (await cluster().nodes()).filter((node) => node.role === 'master');
    const masterOf = (slot: number) => masters.findIndex((m) => m.slots.some(([from, to]) => from <= slot && slot <= to));
    const shipmentsPerMaster = masters.map(() => 0);
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const key = keys.in(partition).documents('transport', 'shipments');
      shipmentsPerMaster[masterOf(slotOf(key))] += await probe.hlen(key);
    }
    await lading.dispose();
    expect(shipmentsPerMaster.reduce((a, b) => a + b, 0)).toBe(10_000);
    const mean = 10_000 / masters.length;
    for (const count of shipmentsPerMaster) expect(Math.abs(count - mean) / mean).toBeLessThanOrEqual(0.2);
  }, 120_000);

  it("resumes a customer's subscription to all its shipments across partitions: the missed updates, then live ones, none twice", async () => {
    const t = await startTestStack(await runtime());
    try {
      const customer = await t.token(Role.Customer, 'CUST-A');
      // Eight shipments of one order: they fall in several partitions (and shards).
      const ids = Array.from({ length: 8 }, (_, i) => `SHP-A${i}`);
      await t.ingest([...orderWithShipments('ORD-A', 'CUST-A', ids), ...orderWithShipments('ORD-B', 'CUST-B', ['SHP-B'])]);
      const ALL = 'subscription($after: String) { shipmentUpdated(after: $after) { cursor milestone { eventId } shipment { id } } }';
      const first = subscribe(t.gatewayUrl, { authorization: `Bearer ${customer}` }, ALL, { after: await headCursor(t) });
      const wave = (minute: number) =>
        ids.map((id) => event(EventType.PickConfirmed, id, { warehouseId: 'W' }, `2026-11-01T09:${String(minute).padStart(2, '0')}:00Z`));
      const before = wave(0);
      await t.ingest([...before, event(EventType.PickConfirmed, 'SHP-B', { warehouseId: 'W' }, '2026-11-01T09:00:00Z')]);
      const seen = await first.waitFor(before.length);
      const cursor = seen[seen.length - 1].data.shipmentUpdated.cursor;
      await first.close();

      const missed = ids.map((id) => event(EventType.PackConfirmed, id, { packages: [{ id: `P-${id}` }] }, '2026-11-01T10:00:00Z'));
      await t.ingest(missed);
      const resumed = subscribe(t.gatewayUrl, { authorization: `Bearer ${customer}` }, ALL, { after: cursor });
      await resumed.waitFor(missed.length);
      const live = ids.map((id) => event(EventType.ShipmentLoaded, id, {}, '2026-11-01T11:00:00Z'));
      await t.ingest(live);
      const results = await resumed.waitFor(missed.length + live.length);
      // Every shipment's updates, each once, in its own order; nothing of the other customer.
      const got = results.map((r) => r.data.shipmentUpdated.milestone.eventId as string);
      expect([...got].sort()).toEqual([...missed, ...live].map((e) => e.id).sort());
      for (const [i] of ids.entries()) expect(got.indexOf(missed[i].id)).toBeLessThan(got.indexOf(live[i].id));
      expect(JSON.stringify(results)).not.toContain('SHP-B');
      await resumed.close();
    } finally {
      await t.dispose();
    }
  }, 120_000);

  // Declared last, so it runs after every suite above (jest runs tests in declaration order).
  it('never had a command answered CROSSSLOT, in any suite above', async () => {
    expect((await errorStats(probe)).CROSSSLOT ?? 0).toBe(0);
  });
});
