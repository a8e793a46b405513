import { EventApplier } from '../lib/events/applier';
import { EventType } from '../lib/events/types';
import type { GovernanceOptions } from '../lib/governance';
import { GOVERNANCE } from '../lib/governance';
import { optionsFrom } from '../lib/settings';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import type { Runtime } from '../lib/runtime/runtime';
import { transportHandlers } from '../subgraphs/transport/events';
import { openSlaBreaches } from '../subgraphs/governance/sla/open-breaches';
import { slaDocuments } from '../subgraphs/governance/sla/keys';
import { ShipmentWatch } from '../subgraphs/governance/sla/shipment-watch';
import { SlaScheduler } from '../subgraphs/governance/sla/sla-scheduler';
import { SHIPMENTS } from '../subgraphs/transport/store/keys';
import type { ShipmentProjection } from '../subgraphs/transport/domain/shipment-projection';
import { event, orderWithShipments } from './support/events';
import type { TestRedis } from './support/redis-server';
import { redisAvailable, startRedis, uniquePrefix } from './support/redis-server';
import { startTestStack } from './support/test-stack';
import { until } from './support/until';
import { subscribe } from './support/ws-subscriber';
import { cursorOf } from './support/cursors';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A clock the test moves by hand; `reads` counts who asked (a scheduler tick asks once, as it starts). */
function testClock(start: number) {
  let now = start;
  const clock = { reads: 0, now: () => (clock.reads++, now), set: (ms: number) => void (now = ms) };
  return clock;
}

/** Transport consumers only: finance is not running, so no accrual follows a delivery unless the test sends one. */
function transportInstance(runtime: Runtime) {
  return runtime.pipeline.consume(
    'transport',
    new EventApplier({
      consumer: 'transport',
      store: runtime.documents('transport'),
      handlers: transportHandlers(),
      held: runtime.pipeline.held,
      emit: async () => undefined,
      logger: silentLogger,
    }),
  );
}

/** The open breaches as the governance subgraph lists them: its watch caught up with the change stream first. */
async function openNow(runtime: Runtime, governance: GovernanceOptions) {
  const watch = new ShipmentWatch(slaDocuments(runtime), governance.sla);
  await watch.catchUp(runtime.changes);
  return openSlaBreaches(watch, runtime.pipeline, governance);
}

function scheduler(runtime: Runtime, governance: GovernanceOptions) {
  return new SlaScheduler({
    changes: runtime.changes,
    watch: new ShipmentWatch(slaDocuments(runtime), governance.sla),
    ops: runtime.documents('events'),
    pipeline: runtime.pipeline,
    governance,
    logger: silentLogger,
  });
}

/** Every default rule fires once per breach, with two schedulers, and clears when the late event arrives. */
function slaScenario(name: string, instances: () => Promise<[Runtime, Runtime]>) {
  it(`fires each default rule once with two schedulers, and clears it on the late event (${name})`, async () => {
    const [a, b] = await instances();
    const consumers = [transportInstance(a), transportInstance(b)];
    const t0 = Date.now();
    const clock = testClock(t0);
    const governance = { ...optionsFrom(GOVERNANCE), clock, slaIntervalMs: 0 };
    const schedulers = [scheduler(a, governance), scheduler(b, governance)];
    const idle = async () => {
      await until(async () => (await a.pipeline.log.progress('transport')).backlog === 0, 'the transport consumers to catch up');
    };
    await a.pipeline.ingestor.ingest([
      ...orderWithShipments('ORD-S', 'CUST-S', ['SHP-MOVING', 'SHP-DELIVERED']),
      event(EventType.PickedUp, 'SHP-MOVING', {}, iso(t0 - HOUR)),
      event(EventType.PickedUp, 'SHP-DELIVERED', {}, iso(t0 - 3 * HOUR)),
      event(EventType.Delivered, 'SHP-DELIVERED', {}, iso(t0 - HOUR)),
      event(EventType.PickConfirmed, 'SHP-UNKNOWN', { warehouseId: 'DC-TEST' }, iso(t0 - HOUR)),
    ]);
    await idle();
    const tickBoth = async () => (await Promise.all(schedulers.map((s) => s.tick()))).flat();

    expect(await tickBoth()).toEqual([]); // nothing is late yet
    clock.set(t0 + 8 * 24 * HOUR);
    const fired = [...(await tickBoth()), ...(await tickBoth()), ...(await tickBoth())];
    expect(fired.map((f) => `${f.code} ${f.subject}`).sort()).toEqual([
      'SLA_ACCRUAL_LATE SHP-DELIVERED',
      expect.stringMatching(/^SLA_HELD_EVENT urn:wms:dc-test\|/),
      'SLA_NOT_INVOICED SHP-DELIVERED',
      'SLA_NO_CARRIER_UPDATE SHP-MOVING',
    ]);
    await idle();
    const codes = async (id: string) => {
      const [s] = await a.documents('transport').getMany<ShipmentProjection>(SHIPMENTS, [id]);
      return s!.derived.discrepancies
        .map((d) => d.code)
        .filter((c) => c.startsWith('SLA_'))
        .sort();
    };
    expect(await codes('SHP-MOVING')).toEqual(['SLA_NO_CARRIER_UPDATE']);
    expect(await codes('SHP-DELIVERED')).toEqual(['SLA_ACCRUAL_LATE', 'SLA_NOT_INVOICED']);
    expect((await openNow(a, governance)).map((r) => r.code).sort()).toEqual([
      'SLA_ACCRUAL_LATE',
      'SLA_HELD_EVENT',
      'SLA_NOT_INVOICED',
      'SLA_NO_CARRIER_UPDATE',
    ]);

    // The late events arrive: each breach clears itself.
    await b.pipeline.ingestor.ingest([
      event(EventType.InTransit, 'SHP-MOVING', {}, iso(t0)),
      event(EventType.AccrualCreated, 'SHP-DELIVERED', { accrualId: 'A-1', amount: { amount: '10.00', currency: 'EUR' } }, iso(t0)),
      event(EventType.InvoiceApproved, 'SHP-DELIVERED', { invoiceNumber: 'INV-1', total: { amount: '12.00', currency: 'EUR' } }, iso(t0)),
      ...orderWithShipments('ORD-U', 'CUST-S', ['SHP-UNKNOWN']),
    ]);
    await idle();
    expect(await codes('SHP-MOVING')).toEqual([]);
    expect(await codes('SHP-DELIVERED')).toEqual([]);
    expect(await openNow(a, governance)).toEqual([]);
    await Promise.all([...schedulers.map((s) => s.dispose()), ...consumers.map((c) => c.dispose())]);
  });
}

describe('SLA rules with a controllable clock', () => {
  const runtimes: Runtime[] = [];
  afterAll(async () => {
    for (const r of runtimes) await r.dispose();
  });
  slaScenario('memory, two schedulers on one store', async () => {
    const runtime = createMemoryRuntime(silentLogger);
    runtimes.push(runtime);
    return [runtime, runtime];
  });
});

(redisAvailable ? describe : describe.skip)('SLA rules with two instances on one Redis', () => {
  let redis: TestRedis;
  const runtimes: Runtime[] = [];
  beforeAll(async () => {
    redis = (await startRedis())!;
  });
  afterAll(async () => {
    for (const r of runtimes) await r.dispose().catch(() => undefined);
    await redis?.stop();
  });
  slaScenario('redis', async () => {
    const prefix = uniquePrefix();
    for (let i = 0; i < 2; i++)
      runtimes.push(await createRedisRuntime({ target: { url: redis.url }, prefix, logger: silentLogger, claimIdleMs: 2000 }));
    return [runtimes[0], runtimes[1]];
  });
});

describe('an SLA breach through the graph', () => {
  it('shows on the shipment as soon as it is due, before any scheduler has recorded it', async () => {
    const t0 = Date.now();
    const clock = testClock(t0);
    // The scheduler is off: only a read can see the breach.
    const t = await startTestStack(undefined, undefined, undefined, undefined, { clock, slaIntervalMs: 0 });
    try {
      const rep = await t.token(Role.ServiceRep);
      await t.ingest([...orderWithShipments('ORD-D', 'CUST-D', ['SHP-D']), event(EventType.PickedUp, 'SHP-D', {}, iso(t0 - HOUR))]);
      const read = async () =>
        (await t.graphql('{ shipment(id: "SHP-D") { discrepancies { code } } slaBreaches { totalCount } }', {}, rep)).body.data;
      await until(async () => (await read()).shipment !== null, 'the shipment to be applied');
      expect((await read()).shipment.discrepancies).not.toContainEqual({ code: 'SLA_NO_CARRIER_UPDATE' });
      clock.set(t0 + 25 * HOUR);
      const due = await read();
      expect(due.shipment.discrepancies.filter((d: { code: string }) => d.code === 'SLA_NO_CARRIER_UPDATE')).toHaveLength(1);
      expect(due.slaBreaches.totalCount).toBe(0);
    } finally {
      await t.dispose();
    }
  });

  it('shows on the shipment, in slaBreaches and in metrics, fires once, and clears on the late event', async () => {
    const t0 = Date.now();
    const clock = testClock(t0);
    const t = await startTestStack(undefined, undefined, undefined, undefined, { clock, slaIntervalMs: 30 });
    try {
      const rep = await t.token(Role.ServiceRep);
      await t.ingest([...orderWithShipments('ORD-G', 'CUST-G', ['SHP-G']), event(EventType.PickedUp, 'SHP-G', {}, iso(t0 - HOUR))]);
      const read = async () =>
        (
          await t.graphql(
            '{ shipment(id: "SHP-G") { discrepancies { code } } slaBreaches { totalCount edges { node { code shipmentId dueAt } } } }',
            {},
            rep,
          )
        ).body.data;
      expect((await read()).slaBreaches.totalCount).toBe(0);
      clock.set(t0 + 25 * HOUR);
      await until(async () => (await read()).slaBreaches.totalCount === 1, 'the scheduler to record the breach');
      const seen = await read();
      expect(seen.shipment.discrepancies).toContainEqual({ code: 'SLA_NO_CARRIER_UPDATE' });
      expect(seen.slaBreaches.edges[0].node).toEqual({
        code: 'SLA_NO_CARRIER_UPDATE',
        shipmentId: 'SHP-G',
        dueAt: iso(t0 - HOUR + 24 * HOUR),
      });
      // Subscribers are told too: the breach is an event on the shipment's timeline. Resuming after
      // the pickup replays what came since, so the test needs no race with a live publish.
      const pickup = (await t.runtime.pipeline.log.read(undefined, 100)).find(
        (e) => e.event.type === EventType.PickedUp && e.event.subject === 'SHP-G',
      )!;
      const live = subscribe(
        t.gatewayUrl,
        { authorization: `Bearer ${rep}` },
        'subscription($after: String) { shipmentUpdated(shipmentId: "SHP-G", after: $after) { milestone { type } shipment { discrepancies { code } } } }',
        {
          after: await cursorOf(t, pickup.event.id, 'SHP-G'),
        },
      );
      const [update] = await live.waitFor(1, 20_000);
      expect(update.data.shipmentUpdated.milestone.type).toBe('tms.sla.breached');
      expect(update.data.shipmentUpdated.shipment.discrepancies).toContainEqual({ code: 'SLA_NO_CARRIER_UPDATE' });
      await live.close();
      const metrics = async () => (await fetch(t.stack.subgraphs.governance.url.replace('/graphql', '/metrics'))).text();
      // Later still, and three more scheduler ticks (nothing else reads the clock meanwhile): it must not fire again.
      clock.set(t0 + 30 * HOUR);
      const reads = clock.reads;
      await until(() => clock.reads >= reads + 4, 'three more scheduler ticks');
      const text = await metrics();
      expect(text).toMatch(/lading_sla_breaches_fired_total\{code="SLA_NO_CARRIER_UPDATE"[^}]*\} 1\n/);
      expect(text).toMatch(/lading_sla_breaches_open\{code="SLA_NO_CARRIER_UPDATE"[^}]*\} 1\n/);

      await t.ingest([event(EventType.InTransit, 'SHP-G', { location: 'Utrecht' }, iso(t0 + 25 * HOUR))]);
      const cleared = await read();
      expect(cleared.slaBreaches.totalCount).toBe(0);
      expect(cleared.shipment.discrepancies.map((d: { code: string }) => d.code)).not.toContain('SLA_NO_CARRIER_UPDATE');
      expect(await metrics()).not.toMatch(/lading_sla_breaches_open\{code="SLA_NO_CARRIER_UPDATE"[^}]*\} 1/);
    } finally {
      await t.dispose();
    }
  });
});
