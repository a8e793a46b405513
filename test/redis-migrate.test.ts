import { spawn } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { parseChangeId } from '../lib/changes/change-ids';
import { ChangeStreamName } from '../lib/changes/change-stream';
import { readAppliedMarkers } from '../lib/events/applied-markers';
import { contentHash } from '../lib/events/content-hash';
import { eventKey, EventType } from '../lib/events/types';
import type { CanonicalEvent } from '../lib/events/types';
import { silentLogger } from '../lib/logger';
import { redisKeys } from '../lib/redis/keys';
import { positionOf } from '../lib/redis/stream-position';
import { generationsAt } from '../lib/events/retention';
import { DEFAULTS } from '../lib/settings';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import type { Runtime } from '../lib/runtime/runtime';
import { MigrationRefused, migrateToPartitioned } from '../scripts/redis-migrate/migrate';
import { TransportStore } from '../subgraphs/transport/store/transport-store';
import { FACTS, SHIPMENTS, factId, shipmentIndex } from '../subgraphs/transport/store/keys';
import { occurrenceKey } from '../subgraphs/transport/domain/fact';
import { WebhookStore } from '../subgraphs/governance/webhooks/webhook-store';
import { event, orderWithShipments } from './support/events';
import { describeWithRedis, uniquePrefix } from './support/redis-server';

const PARTITIONS = 8;
/** A shipment id with characters the key layout escapes, so routes are decoded, not copied. */
const SHIPMENT = 'SHP|7 A';
const UNKNOWN = 'SHP-9';

/**
 * A deployment on the layout before issue 18, written key by key as that code wrote them: one
 * event stream with a consumer group, deduplication entries, applied markers, the transport
 * subgraph's shipment with its facts and timeline, a held event, an ownership claim, webhook and
 * SLA offsets on the old change stream.
 */
async function oldDeployment(redis: Redis, prefix: string, options: { acknowledge: boolean }) {
  const now = Date.now();
  const generation = generationsAt(now, DEFAULTS.LADING_EVENT_RETENTION).current;
  const [created, released] = orderWithShipments('ORD-1', 'CUST-1', [SHIPMENT, 'SHP-2']);
  const picked = event(EventType.PickedUp, SHIPMENT, { warehouseId: 'DC-TEST' }, '2026-11-01T09:00:00Z');
  const early = event(EventType.PickedUp, UNKNOWN, { warehouseId: 'DC-TEST' }, '2026-11-01T09:30:00Z');
  const events: CanonicalEvent[] = [created, released, picked, early];
  const stream = `${prefix}:events:stream`;
  const positions = new Map<string, string>();
  for (const e of events) {
    const id = await redis.xadd(stream, '*', 'e', JSON.stringify({ event: e, recordedAt: new Date(now).toISOString() }), 't', e.type);
    positions.set(eventKey(e), positionOf(id!));
  }
  await redis.xgroup('CREATE', stream, 'transport', '0');
  const read = (await redis.xreadgroup('GROUP', 'transport', 'c1', 'COUNT', 100, 'STREAMS', stream, '>')) as [string, [string][]][];
  if (options.acknowledge) await redis.xack(stream, 'transport', ...read[0][1].map(([id]) => id));

  const dedup = `${prefix}:events:dedup:${generation}`;
  for (const e of events) await redis.hset(dedup, eventKey(e), contentHash(e));
  await redis.hset(dedup, 'urn:erp:test|trimmed-long-ago', 'x');
  await redis.pexpire(dedup, 3_600_000);

  const markers = `${prefix}:transport:doc:applied@${generation}`;
  for (const e of [created, released, picked])
    await redis.hset(
      markers,
      eventKey(e),
      JSON.stringify({ position: positions.get(eventKey(e)), appliedAt: new Date(now).toISOString() }),
    );
  await redis.hset(
    markers,
    'urn:erp:test|trimmed-long-ago',
    JSON.stringify({ position: positionOf('1-0'), appliedAt: '2026-01-01T00:00:00Z' }),
  );
  await redis.pexpire(markers, 3_600_000);

  const facts = [released, picked].map((e) => ({
    key: eventKey(e),
    eventId: e.id,
    source: e.source,
    occurredAt: new Date(e.time).toISOString(),
    recordedAt: new Date(now).toISOString(),
    position: positions.get(eventKey(e))!,
    type: e.type,
    data: e.data,
  }));
  const projection = { id: SHIPMENT, orderId: 'ORD-1', customerId: 'CUST-1', version: 2, derived: { status: 'PICKED' } };
  await redis.hset(`${prefix}:transport:doc:${SHIPMENTS}`, SHIPMENT, JSON.stringify(projection));
  await redis.zadd(`${prefix}:transport:idx:${shipmentIndex.all}`, 0, SHIPMENT, 0, 'SHP-2');
  for (const fact of facts) {
    await redis.hset(`${prefix}:transport:doc:${FACTS}`, factId(SHIPMENT, fact.key), JSON.stringify(fact));
    await redis.zadd(`${prefix}:transport:idx:${shipmentIndex.timeline(SHIPMENT)}`, 0, occurrenceKey(fact));
  }

  const heldAt = new Date(now).toISOString();
  const key = eventKey(early);
  const held = {
    key,
    entry: { position: positions.get(key), recordedAt: heldAt, event: early },
    aggregate: UNKNOWN,
    reason: `shipment ${UNKNOWN} is not known yet`,
    heldAt,
    consumers: ['transport'],
    member: `${heldAt}|${key}`,
  };
  await redis.hset(`${prefix}:events:doc:held`, key, JSON.stringify(held));
  await redis.zadd(`${prefix}:events:idx:held:all`, 0, `${heldAt}|${key}`);
  await redis.zadd(`${prefix}:events:idx:held:transport:${UNKNOWN}`, 0, key);
  await redis.hset(`${prefix}:events:doc:owners`, `shipment|${SHIPMENT}`, JSON.stringify({ owner: 'ORD-1' }));

  const change = await redis.xadd(`${prefix}:changes:shipments`, '*', 'c', JSON.stringify({ shipmentId: SHIPMENT }));
  await redis.hset(`${prefix}:webhooks:doc:webhookOffsets`, ChangeStreamName.Shipments, JSON.stringify({ after: positionOf(change!) }));
  await redis.hset(`${prefix}:webhooks:doc:webhookEndpoints`, 'ep-1', JSON.stringify({ id: 'ep-1', url: 'https://example.test/hook' }));
  await redis.zadd(`${prefix}:webhooks:idx:webhooks:endpoints`, 0, 'ep-1');
  await redis.hset(`${prefix}:sla:doc:slaOffsets`, ChangeStreamName.Shipments, JSON.stringify({ after: positionOf(change!) }));
  await redis.hset(`${prefix}:ratelimit:svc`, 'tokens', '5');
  return { events, created, released, picked, early, projection, facts, positions };
}

describeWithRedis('npm run redis:migrate: from one stream to the partitioned layout', (testRedis) => {
  let redis: Redis;
  const runtimes: Runtime[] = [];
  beforeAll(() => {
    redis = new Redis(testRedis().url);
  });
  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.dispose()));
    redis.disconnect();
  });
  const runtimeOn = async (prefix: string) => {
    const runtime = await createRedisRuntime({ target: { url: testRedis().url }, prefix, partitions: PARTITIONS, logger: silentLogger });
    runtimes.push(runtime);
    return runtime;
  };

  it('a migrated deployment answers the same state, knows what it applied and deduplicates what it accepted', async () => {
    const prefix = uniquePrefix();
    const old = await oldDeployment(redis, prefix, { acknowledge: true });
    const report = await migrateToPartitioned(redis, { prefix, partitions: PARTITIONS });
    expect(report).toMatchObject({
      events: 4,
      groups: ['transport'],
      markersDropped: 1,
      dedupDropped: 1,
      appliedMarkers: 3,
      dedupEntries: 4,
    });
    expect(report.offsetsReset.sort()).toEqual(['sla/slaOffsets/shipments', 'webhooks/webhookOffsets/shipments']);
    expect(report.unknownKeys).toEqual([]);
    const keys = redisKeys(prefix, PARTITIONS);
    const partitionOf = (e: CanonicalEvent) => keys.partitions.of(e.subject);
    // The aggregates of the fixture are spread: more than one partition holds data.
    expect(new Set(old.events.map(partitionOf)).size).toBeGreaterThan(1);

    const runtime = await runtimeOn(prefix);
    // The log: every event in order, at its old stream id in its aggregate's partition.
    const logged = await runtime.pipeline.log.read(undefined, 100);
    expect(logged.map((l) => l.event.id)).toEqual(old.events.map((e) => e.id));
    expect(logged.map((l) => l.position)).toEqual(
      old.events.map((e) => `${old.positions.get(eventKey(e))}@${String(partitionOf(e)).padStart(4, '0')}`),
    );
    // The group had handled everything: nothing is delivered again.
    expect(await runtime.pipeline.log.progress('transport')).toEqual({ backlog: 0, oldestRecordedAt: null });

    // The transport subgraph's state, read as the subgraph reads it.
    const transport = new TransportStore(runtime.documents('transport'));
    expect(await transport.getShipments([SHIPMENT])).toEqual([old.projection]);
    const timeline = await transport.getTimeline(SHIPMENT);
    expect(timeline.map((f) => f.eventId)).toEqual([old.released.id, old.picked.id]);
    expect(timeline[1].position).toBe(logged[2].position);
    expect(await runtime.documents('transport').range(shipmentIndex.all, { first: 10 })).toEqual(['SHP-2', SHIPMENT]);

    // A redelivered old event is recognised as applied (its marker is where the applier looks).
    const [marker] = await readAppliedMarkers(runtime.documents('transport'), [eventKey(old.picked)], [SHIPMENT]);
    expect(marker?.position).toBe(logged[2].position);

    // A sender posting an accepted event again gets a duplicate; other content under its id is a conflict.
    expect((await runtime.pipeline.log.append(old.picked, contentHash(old.picked))).status).toBe('duplicate');
    const changed = { ...old.picked, data: { warehouseId: 'DC-OTHER' } };
    expect((await runtime.pipeline.log.append(changed, contentHash(changed))).status).toBe('conflict');

    // The held event: listed, readable by its member, waiting for its aggregate.
    const members = await runtime.pipeline.held.members(undefined, 10);
    expect(members).toHaveLength(1);
    const [held] = await runtime.pipeline.held.byMembers(members);
    expect(held).toMatchObject({ key: eventKey(old.early), aggregate: UNKNOWN, member: members[0] });
    expect(held!.entry.position).toBe(logged[3].position);
    expect((await runtime.pipeline.held.heldFor('transport', UNKNOWN)).map((h) => h.key)).toEqual([eventKey(old.early)]);

    // The recorded owner of the shipment still refuses another order's claim.
    const other = orderWithShipments('ORD-2', 'CUST-1', [SHIPMENT])[1];
    expect(await runtime.pipeline.ownership.conflict(other)).toMatch(/ownership_conflict/);

    // Webhooks: endpoints kept; the offset is a cursor of the new change streams, which read from it.
    const webhooks = new WebhookStore(runtime.documents('webhooks', 'whole'));
    expect(await runtime.documents('webhooks', 'whole').range('webhooks:endpoints', { first: 10 })).toEqual(['ep-1']);
    const offset = await webhooks.offset();
    expect(parseChangeId(offset!).ids).toHaveLength(PARTITIONS);
    expect(await runtime.changes.read(ChangeStreamName.Shipments, offset!, 10)).toEqual([]);

    // The old keys are kept until asked; the rate limits are the same keys in both layouts.
    expect(await redis.exists(`${prefix}:events:stream`)).toBe(1);
    const again = migrateToPartitioned(redis, { prefix, partitions: PARTITIONS });
    await expect(again).rejects.toThrow(MigrationRefused);
    await expect(again).rejects.toThrow(`${prefix}:layout exists`);
    const deleted = await migrateToPartitioned(redis, { prefix, partitions: PARTITIONS, deleteOld: true });
    expect(deleted.oldKeysDeleted).toBeGreaterThan(10);
    const outsidePartitions = (await redis.keys(`${prefix}:*`)).filter((key) => !key.startsWith(`${prefix}:{`));
    expect(outsidePartitions.sort()).toEqual([`${prefix}:layout`, `${prefix}:ratelimit:svc`]);
    expect(await redis.exists(`${prefix}:ratelimit:svc`)).toBe(1);
    // The deployment still answers after the old keys are gone.
    expect(await transport.getTimeline(SHIPMENT)).toHaveLength(2);
  });

  it('refuses while a consumer group has entries pending or not delivered, naming it, and writes nothing', async () => {
    const prefix = uniquePrefix();
    await oldDeployment(redis, prefix, { acknowledge: false });
    await expect(migrateToPartitioned(redis, { prefix, partitions: PARTITIONS })).rejects.toThrow(
      /consumer group "transport" has 4 pending/,
    );
    await redis.xgroup('CREATE', `${prefix}:events:stream`, 'finance', '0');
    const run = await migrateCli(testRedis().url, prefix);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/consumer group "finance" has entries not delivered yet/);
    expect(await redis.exists(`${prefix}:layout`)).toBe(0);
    expect(await redis.keys(`${prefix}:{*`)).toEqual([]);
  });
});

/** The script as `npm run redis:migrate` runs it. */
function migrateCli(url: string, prefix: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'scripts', 'redis-migrate.ts')], {
      env: { ...process.env, REDIS_URL: url, LADING_REDIS_PREFIX: prefix, LADING_LOG_PARTITIONS: String(PARTITIONS) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}
