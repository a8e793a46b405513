import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { untilValue } from './support/until';

const TRACE = `query($source: String!, $id: ID!) { eventTrace(source: $source, id: $id) {
  source id type subject system occurredAt acceptedAt
  subgraphs { subgraph outcome appliedAt lagSeconds steps { outcome at reason } }
  reactions { source id type }
  replays { position recordedAt }
  deadLetters { reason consumer }
} }`;

const outcomes = (trace: any) =>
  Object.fromEntries(trace.subgraphs.map((s: any) => [s.subgraph, s.steps.map((step: any) => step.outcome)]));

describe('event trace', () => {
  let t: TestStack;
  let rep: string;
  const trace = async (e: { source: string; id: string }) => (await t.graphql(TRACE, { source: e.source, id: e.id }, rep)).body;

  beforeAll(async () => {
    t = await startTestStack();
    rep = await t.token(Role.ServiceRep);
  });

  afterAll(() => t.dispose());

  it('shows an event applied by all four subgraphs, with times and lag', async () => {
    const [created, released] = orderWithShipments('ORD-T1', 'CUST-T', ['SHP-T1']);
    await t.ingest([created, released]);
    const body = await trace(released);
    expect(body.errors).toBeUndefined();
    const result = body.data.eventTrace;
    expect(result).toMatchObject({
      source: released.source,
      id: released.id,
      type: 'erp.order.released',
      subject: 'ORD-T1',
      system: 'ERP',
    });
    expect(Date.parse(result.acceptedAt)).not.toBeNaN();
    expect(outcomes(result)).toEqual({ orders: ['APPLIED'], warehouse: ['APPLIED'], transport: ['APPLIED'], finance: ['APPLIED'] });
    for (const s of result.subgraphs) {
      expect(s.outcome).toBe('APPLIED');
      expect(Date.parse(s.appliedAt)).toBeGreaterThanOrEqual(Date.parse(result.acceptedAt));
      expect(s.lagSeconds).toBeCloseTo((Date.parse(s.appliedAt) - Date.parse(result.occurredAt)) / 1000, 1);
    }
    expect(result.replays).toEqual([]);
    expect(result.deadLetters).toEqual([]);
  });

  it('lists the reactions an event caused', async () => {
    const tender = event(
      EventType.ShipmentTendered,
      'SHP-T1',
      { carrier: { scac: 'ABCD' }, ratedCost: { amount: '100.00', currency: 'EUR' } },
      '2026-11-01T10:00:00Z',
    );
    await t.ingest([tender]);
    const result = (await trace(tender)).data.eventTrace;
    expect(outcomes(result)).toEqual({ transport: ['APPLIED'], finance: ['APPLIED'] });
    expect(result.reactions).toEqual([
      { source: 'urn:lading:finance', id: `rated:${tender.source}:${tender.id}`, type: 'finance.charge.recorded' },
    ]);
  });

  it('shows an event held for its shipment, then released and applied', async () => {
    const pick = event(EventType.PickConfirmed, 'SHP-T2', { warehouseId: 'DC-TEST' }, '2026-11-01T09:00:00Z');
    await t.ingest([pick]);
    const held = (await trace(pick)).data.eventTrace;
    expect(held.subgraphs.map((s: any) => [s.subgraph, s.outcome])).toEqual([
      ['warehouse', 'HELD'],
      ['transport', 'HELD'],
    ]);
    expect(held.subgraphs[0].steps[0].reason).toContain('waiting for erp.order.released');
    await t.ingest(orderWithShipments('ORD-T2', 'CUST-T', ['SHP-T2']));
    const released = (await trace(pick)).data.eventTrace;
    expect(outcomes(released)).toEqual({ warehouse: ['HELD', 'APPLIED'], transport: ['HELD', 'APPLIED'] });
    for (const s of released.subgraphs) expect(Date.parse(s.steps[1].at)).toBeGreaterThanOrEqual(Date.parse(s.steps[0].at));
  });

  it('gives a shipment every event that touched it, per system, with lag', async () => {
    const res = await t.graphql('{ shipment(id: "SHP-T1") { eventTraces { type system subgraphs { subgraph lagSeconds } } } }', {}, rep);
    const traces = res.body.data.shipment.eventTraces;
    expect(traces.map((x: any) => x.type)).toEqual(['erp.order.released', 'tms.shipment.tendered', 'finance.charge.recorded']);
    expect(traces.map((x: any) => x.system)).toEqual(['ERP', 'TMS', 'FINANCE']);
    for (const x of traces) for (const s of x.subgraphs) expect(typeof s.lagSeconds).toBe('number');
  });

  it('refuses a customer, even for its own events', async () => {
    const [, released] = orderWithShipments('ORD-T3', 'CUST-T', ['SHP-T3']);
    const customer = await t.token(Role.Customer, 'CUST-T');
    const res = await t.graphql(TRACE, { source: released.source, id: released.id }, customer);
    expect(res.body.data?.eventTrace ?? null).toBeNull();
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const traces = await t.graphql('{ shipment(id: "SHP-T1") { eventTraces { id } } }', {}, customer);
    expect(traces.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('answers null for an event Lading never saw', async () => {
    expect((await trace({ source: 'urn:nowhere', id: 'nothing' })).data.eventTrace).toBeNull();
  });
});

describe('event trace of a dead letter', () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await startTestStack(createMemoryRuntime(silentLogger, { holdTtlMs: 300 }));
  });

  afterAll(() => t.dispose());

  it('shows an event dead-lettered as an orphan, then replayed and applied', async () => {
    const rep = await t.token(Role.ServiceRep);
    const pickup = event(EventType.PickedUp, 'SHP-D1', { location: 'Rotterdam' }, '2026-11-01T12:00:00Z');
    await t.ingest([pickup]);
    const letters = await untilValue(
      async () => (await t.graphql('{ deadLetters { edges { node { id eventId } } } }', {}, rep)).body.data.deadLetters.edges,
      (edges: any[]) => edges.length > 0,
      'the held event to be dead-lettered',
    );
    const dead = (await t.graphql(TRACE, { source: pickup.source, id: pickup.id }, rep)).body.data.eventTrace;
    expect(outcomes(dead)).toEqual({ transport: ['DEAD_LETTERED'] });
    expect(dead.subgraphs[0].outcome).toBe('DEAD_LETTERED');
    expect(dead.deadLetters).toEqual([{ reason: 'orphan', consumer: 'transport' }]);

    await t.ingest(orderWithShipments('ORD-D1', 'CUST-D', ['SHP-D1']));
    const replay = await t.graphql('mutation($id: ID!) { replayDeadLetter(id: $id) }', { id: letters[0].node.id }, rep);
    expect(replay.body.data.replayDeadLetter).toBe(true);
    await t.runtime.pipeline.idle();
    const replayed = (await t.graphql(TRACE, { source: pickup.source, id: pickup.id }, rep)).body.data.eventTrace;
    expect(outcomes(replayed)).toEqual({ transport: ['DEAD_LETTERED', 'APPLIED'] });
    expect(replayed.subgraphs[0].outcome).toBe('APPLIED');
    expect(replayed.replays).toHaveLength(1);
    expect(replayed.deadLetters).toEqual([{ reason: 'orphan', consumer: 'transport' }]);
    // The replayed letter left the listing, but not the trace.
    expect((await t.graphql('{ deadLetters { totalCount } }', {}, rep)).body.data.deadLetters.totalCount).toBe(0);
  });
});
