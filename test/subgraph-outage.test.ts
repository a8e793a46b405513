import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import type { SubgraphName } from '../lib/subgraph-names';
import { SUBGRAPH_NAMES } from '../lib/subgraph-names';
import { freePortBlock } from '../stack/free-ports';
import { event, orderWithShipments } from './support/events';
import type { TestRedis } from './support/redis-server';
import { redisAvailable, startRedis, uniquePrefix } from './support/redis-server';
import type { ServiceProcess } from './support/service-process';
import { startServiceProcess } from './support/service-process';
import { untilValue } from './support/until';

const describeRedis = redisAvailable ? describe : describe.skip;
const JWT_SECRET = 'outage-test-jwt-secret';

/** The portal page of README "When a subgraph is down": a customer's shipment list with a field of every subgraph. */
const PORTAL_PAGE = `{ shipments(first: 20) { edges { node {
  id number status statusUpdatedAt eta timeline { type source occurredAt }
  order { number customer { id } } fulfillment { state } transport { carrier { scac } } billing { status }
} } } }`;

describeRedis('subgraphs as separate processes, one of them down at a time', () => {
  let redis: TestRedis;
  let env: Record<string, string>;
  let ports: Record<SubgraphName | 'gateway', number>;
  const running = new Map<string, ServiceProcess>();
  let customer: string;

  const startSubgraph = async (name: SubgraphName) =>
    running.set(name, await startServiceProcess(`subgraphs/${name}/index.ts`, ports[name], env));
  const page = async () => {
    const response = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customer}` },
      body: JSON.stringify({ query: PORTAL_PAGE }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    redis = (await startRedis())!;
    const [gateway, orders, warehouse, transport, finance, governance] = await freePortBlock(6);
    ports = { gateway, orders, warehouse, transport, finance, governance };
    env = {
      REDIS_URL: redis.url,
      LADING_REDIS_PREFIX: uniquePrefix(),
      LADING_JWT_SECRET: JWT_SECRET,
      LADING_SUBGRAPH_SECRET: 'outage-test-subgraph-secret',
      LADING_SUBGRAPH_TIMEOUT: '3s',
      LADING_GATEWAY_PORT: String(gateway),
      LADING_ORDERS_PORT: String(orders),
      LADING_WAREHOUSE_PORT: String(warehouse),
      LADING_TRANSPORT_PORT: String(transport),
      LADING_FINANCE_PORT: String(finance),
      LADING_GOVERNANCE_PORT: String(governance),
    };
    for (const name of SUBGRAPH_NAMES) await startSubgraph(name);
    running.set('gateway', await startServiceProcess('gateway/index.ts', gateway, env));
    customer = await mintToken({ sub: 'portal', role: Role.Customer, customerId: 'CUST-O' }, { secret: JWT_SECRET });
    const integration = await mintToken({ sub: 'erp', role: Role.Integration }, { secret: JWT_SECRET });
    const events = [
      ...orderWithShipments('ORD-O', 'CUST-O', ['SHP-O1', 'SHP-O2', 'SHP-O3']),
      event(EventType.PickConfirmed, 'SHP-O1', { warehouseId: 'DC-TEST' }, '2026-11-01T09:00:00Z'),
      event(
        EventType.ShipmentTendered,
        'SHP-O1',
        { carrier: { scac: 'ABCD' }, ratedCost: { amount: '10.00', currency: 'EUR' } },
        '2026-11-01T10:00:00Z',
      ),
      event(EventType.PickedUp, 'SHP-O1', { location: 'Ghent' }, '2026-11-01T12:00:00Z'),
    ];
    const posted = await fetch(`http://127.0.0.1:${gateway}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${integration}` },
      body: JSON.stringify(events),
    });
    expect(posted.status).toBe(202);
    // Applied asynchronously by four processes: wait until the whole page is there.
    await untilValue(
      async () => (await page()).body,
      (body) => {
        const nodes = body.data?.shipments.edges.map((e: any) => e.node) ?? [];
        const first = nodes.find((n: any) => n.id === 'SHP-O1');
        return (
          !body.errors &&
          nodes.length === 3 &&
          first?.status === 'IN_TRANSIT' &&
          first.fulfillment &&
          first.billing &&
          first.transport?.carrier
        );
      },
      'the four processes to apply the events',
      120_000,
    );
  }, 180_000);

  afterAll(async () => {
    for (const service of running.values()) await service.stop();
    await redis?.stop();
  }, 60_000);

  it.each(['orders', 'warehouse', 'finance'] as const)(
    'with %s stopped, every shipment keeps its number, status and timeline, and the error names it',
    async (down) => {
      await running.get(down)!.stop();
      try {
        const { status, body } = await page();
        expect(status).toBe(200);
        const nodes = body.data.shipments.edges.map((e: any) => e.node);
        expect(nodes.map((n: any) => n.number).sort()).toEqual(['SH-SHP-O1', 'SH-SHP-O2', 'SH-SHP-O3']);
        for (const node of nodes) {
          expect(node.status).toEqual(expect.any(String));
          expect(node.statusUpdatedAt).toEqual(expect.any(String));
          expect(node.timeline.length).toBeGreaterThan(0);
          expect(node.order).toEqual({ number: 'SO-ORD-O', customer: { id: 'CUST-O' } });
        }
        const first = nodes.find((n: any) => n.id === 'SHP-O1');
        expect(first.status).toBe('IN_TRANSIT');
        expect(first.transport.carrier.scac).toBe('ABCD');
        if (down === 'warehouse') expect(first.fulfillment).toBeNull();
        else expect(first.fulfillment).not.toBeNull();
        if (down === 'finance') expect(first.billing).toBeNull();
        else expect(first.billing).not.toBeNull();
        const named = body.errors?.filter((e: any) => e.extensions.subgraph === down) ?? [];
        if (down !== 'orders') expect(named.length).toBeGreaterThan(0);
        for (const error of named) {
          expect(['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_TIMEOUT']).toContain(error.extensions.code);
          expect(error.message).toContain(down);
        }
      } finally {
        await startSubgraph(down);
      }
    },
    120_000,
  );
});
