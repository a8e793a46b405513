import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { countingRuntime } from './support/counting-runtime';
import { event, orderWithShipments } from './support/events';
import { subgraphRequestCounts } from './support/gateway-metrics';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const TRACE = `query($source: String!, $id: ID!) { eventTrace(source: $source, id: $id) {
  type subgraphs { subgraph outcome appliedAt lagSeconds steps { outcome } }
} }`;

/**
 * A trace is planned across the subgraphs: its owner (governance) reads the log, and each subgraph
 * that applies events answers for its own store through the gateway (EventTrace.<name>Application).
 */
describe('event trace through the graph', () => {
  let t: TestStack;
  let rep: string;
  let reads: Map<string, number>;

  /** Requests the gateway sent each subgraph, and applied-marker reads per store, while `run` ran. */
  async function observed<T>(run: () => Promise<T>) {
    const before = await subgraphRequestCounts(t);
    reads.clear();
    const result = await run();
    const after = await subgraphRequestCounts(t);
    const requests = Object.fromEntries(
      Object.keys(after)
        .map((s) => [s, after[s] - (before[s] ?? 0)])
        .filter(([, count]) => count !== 0),
    );
    const markerReads = [...reads].filter(([key]) => key.includes('/applied@'));
    return { result, requests, markerReads };
  }

  beforeAll(async () => {
    const counting = countingRuntime(createMemoryRuntime(silentLogger));
    reads = counting.reads;
    t = await startTestStack(counting.runtime);
    rep = await t.token(Role.ServiceRep);
  });

  afterAll(() => t.dispose());

  it('is complete: every consumer answers for its own store, the owner assembles the list', async () => {
    const [created, released] = orderWithShipments('ORD-G1', 'CUST-G', ['SHP-G1']);
    await t.ingest([created, released]);
    const { result, requests, markerReads } = await observed(() => t.graphql(TRACE, { source: released.source, id: released.id }, rep));
    expect(result.body.errors).toBeUndefined();
    const trace = result.body.data.eventTrace;
    expect(trace.subgraphs.map((s: any) => [s.subgraph, s.outcome])).toEqual([
      ['orders', 'APPLIED'],
      ['warehouse', 'APPLIED'],
      ['transport', 'APPLIED'],
      ['finance', 'APPLIED'],
    ]);
    for (const s of trace.subgraphs) {
      expect(Date.parse(s.appliedAt)).not.toBeNaN();
      expect(typeof s.lagSeconds).toBe('number');
    }
    // The owner (governance) twice: the trace, then the list from the answers; each consumer once.
    expect(requests).toEqual({ governance: 2, orders: 1, warehouse: 1, transport: 1, finance: 1 });
    // Every store's markers were read, each in one batch per live generation.
    expect(new Set(markerReads.map(([key]) => key.split('/')[0]))).toEqual(new Set(['orders', 'warehouse', 'transport', 'finance']));
    for (const [key, count] of markerReads) expect([key, count]).toEqual([key, 1]);
  });

  it('does not list a subgraph that does not consume the type, though it was asked', async () => {
    await t.ingest(orderWithShipments('ORD-G2', 'CUST-G', ['SHP-G2']));
    const pick = event(EventType.PickConfirmed, 'SHP-G2', { warehouseId: 'DC-TEST' }, '2026-11-01T09:00:00Z');
    await t.ingest([pick]);
    const { result, requests, markerReads } = await observed(() => t.graphql(TRACE, { source: pick.source, id: pick.id }, rep));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.eventTrace.subgraphs.map((s: any) => [s.subgraph, s.steps.map((x: any) => x.outcome)])).toEqual([
      ['warehouse', ['APPLIED']],
      ['transport', ['APPLIED']],
    ]);
    expect(requests).toMatchObject({ orders: 1, finance: 1 });
    // A subgraph that does not apply the type answers from its handlers alone: no store read.
    expect(new Set(markerReads.map(([key]) => key.split('/')[0]))).toEqual(new Set(['warehouse', 'transport']));
  });

  it("plans a shipment's traces as one request per subgraph", async () => {
    const tender = event(
      EventType.ShipmentTendered,
      'SHP-G1',
      { carrier: { scac: 'ABCD' }, ratedCost: { amount: '100.00', currency: 'EUR' } },
      '2026-11-01T10:00:00Z',
    );
    await t.ingest([tender]);
    const query = '{ shipment(id: "SHP-G1") { eventTraces { type subgraphs { subgraph outcome } } } }';
    const { result, requests, markerReads } = await observed(() => t.graphql(query, {}, rep));
    expect(result.body.errors).toBeUndefined();
    const traces = result.body.data.shipment.eventTraces;
    expect(traces.map((x: any) => [x.type, x.subgraphs.map((s: any) => s.subgraph)])).toEqual([
      ['erp.order.released', ['orders', 'warehouse', 'transport', 'finance']],
      ['tms.shipment.tendered', ['transport', 'finance']],
      ['finance.charge.recorded', ['transport', 'finance']],
    ]);
    for (const x of traces) for (const s of x.subgraphs) expect(s.outcome).toBe('APPLIED');
    // Transport twice: the shipment with its facts' events, then its answer for every trace at once.
    expect(requests).toEqual({ transport: 2, governance: 2, orders: 1, warehouse: 1, finance: 1 });
    for (const [key, count] of markerReads) expect([key, count]).toEqual([key, 1]);
  });

  it('refuses a customer at the root, before any consumer is asked', async () => {
    const customer = await t.token(Role.Customer, 'CUST-G');
    const [, released] = orderWithShipments('ORD-G1', 'CUST-G', ['SHP-G1']);
    const { result, requests } = await observed(() => t.graphql(TRACE, { source: released.source, id: released.id }, customer));
    expect(result.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(requests).toEqual({ governance: 1 });
  });
});

describe('event trace while a consumer is down', () => {
  it('names the subgraph that could not answer rather than listing the others alone', async () => {
    const t = await startTestStack();
    try {
      const rep = await t.token(Role.ServiceRep);
      const [created, released] = orderWithShipments('ORD-G3', 'CUST-G', ['SHP-G3']);
      await t.ingest([created, released]);
      await t.stack.subgraphs.finance.dispose();
      const res = await t.graphql(TRACE, { source: released.source, id: released.id }, rep);
      expect(res.body.data.eventTrace).toBeNull();
      expect(res.body.errors.map((e: any) => [e.extensions.code, e.extensions.subgraph])).toEqual([['SUBGRAPH_UNAVAILABLE', 'finance']]);
    } finally {
      await t.dispose();
    }
  });
});
