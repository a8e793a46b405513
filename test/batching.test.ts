import { silentLogger } from '../lib/logger';
import { Role } from '../lib/identity/identity';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { EventType } from '../lib/events/types';
import { countingRuntime } from './support/counting-runtime';
import { event, orderWithShipments } from './support/events';
import { subgraphRequestCounts } from './support/gateway-metrics';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const PAGE = `{ shipments(first: 50) { edges { node {
  number status timeline { type }
  order { number customer { id name } }
  fulfillment { state packages { id } }
  transport { carrier { scac } }
  charges { amount { amount currency } }
  billing { status }
} } } }`;

describe('batching across the federated graph', () => {
  let t: TestStack;
  let reads: Map<string, number>;

  beforeAll(async () => {
    const counting = countingRuntime(createMemoryRuntime(silentLogger));
    reads = counting.reads;
    t = await startTestStack(counting.runtime);
    const events = [];
    for (let i = 0; i < 30; i++) {
      const ids = [`SHP-${i}-a`, `SHP-${i}-b`];
      events.push(...orderWithShipments(`ORD-${i}`, 'CUST-A', ids));
      for (const id of ids) {
        events.push(
          event(
            EventType.ShipmentTendered,
            id,
            { carrier: { scac: 'ABCD' }, ratedCost: { amount: '10.00', currency: 'EUR' } },
            '2026-11-01T09:00:00Z',
          ),
        );
      }
    }
    await t.ingest(events);
    await t.runtime.pipeline.idle();
  });

  afterAll(() => t.dispose());

  it('makes one request per subgraph and one store read per entity type for a page of 50', async () => {
    const token = await t.token(Role.Customer, 'CUST-A');
    const before = await subgraphRequestCounts(t);
    reads.clear();
    const res = await t.graphql(PAGE, {}, token);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.shipments.edges).toHaveLength(50);
    const after = await subgraphRequestCounts(t);
    const requests = Object.fromEntries(Object.keys(after).map((s) => [s, after[s] - (before[s] ?? 0)]));
    // The plan has two levels: transport at the root, then orders, warehouse and finance entity fetches.
    expect(requests).toEqual({ transport: 1, orders: 1, warehouse: 1, finance: 1 });
    for (const [collection, count] of reads) expect([collection, count]).toEqual([collection, 1]);
    // Transport serves the order's number and customer id from its own records, so orders is asked only for the customers' names.
    // Timelines are facts stored beside the shipments: one more read for the whole page.
    expect([...reads.keys()].sort()).toEqual([
      'finance/billing',
      'orders/customers',
      'transport/facts',
      'transport/shipments',
      'warehouse/fulfillments',
    ]);
  });
});
