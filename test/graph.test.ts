import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const PAGE_QUERY = `query Page($first: Int) {
  shipments(first: $first) {
    totalCount
    edges { node {
      number status
      timeline { type source }
      order { number customer { id } }
      fulfillment { state }
      transport { carrier { scac } }
      charges { amount { amount currency } }
    } }
  }
}`;

describe('the federated graph', () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await startTestStack();
    await t.ingest([
      ...orderWithShipments('ORD-A1', 'CUST-A', ['SHP-A1']),
      ...orderWithShipments('ORD-B1', 'CUST-B', ['SHP-B1']),
      event(EventType.PickConfirmed, 'SHP-A1', { warehouseId: 'DC-TEST' }, '2026-11-01T09:00:00Z'),
      event(
        EventType.ShipmentTendered,
        'SHP-A1',
        {
          carrier: { scac: 'ABCD', name: 'Acme Freight' },
          mode: 'LTL',
          trackingNumber: 'TRK-A1',
          ratedCost: { amount: '120.50', currency: 'EUR' },
        },
        '2026-11-01T10:00:00Z',
      ),
      event(EventType.PickedUp, 'SHP-A1', { location: 'Rotterdam' }, '2026-11-01T12:00:00Z'),
    ]);
  });

  afterAll(() => t.dispose());

  it('gives a customer its own shipments with data from all four subgraphs', async () => {
    const res = await t.graphql(PAGE_QUERY, { first: 20 }, await t.token(Role.Customer, 'CUST-A'));
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.shipments.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(1);
    const [shipment] = nodes;
    expect(shipment.order.customer.id).toBe('CUST-A');
    expect(shipment.status).toBe('IN_TRANSIT');
    expect(shipment.fulfillment.state).toBe('PICKED');
    expect(shipment.transport.carrier.scac).toBe('ABCD');
    expect(shipment.charges).toEqual([{ amount: { amount: '120.50', currency: 'EUR' } }]);
    expect(shipment.timeline.map((m: any) => m.source)).toEqual(expect.arrayContaining(['ERP', 'WMS', 'TMS', 'FINANCE']));
  });

  it("answers another customer's shipment as missing, and a service rep sees it", async () => {
    const query = 'query($id: ID!) { shipment(id: $id) { id status } }';
    const denied = await t.graphql(query, { id: 'SHP-B1' }, await t.token(Role.Customer, 'CUST-A'));
    expect(denied.body.data.shipment).toBeNull();
    expect(denied.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const rep = await t.graphql(query, { id: 'SHP-B1' }, await t.token(Role.ServiceRep));
    expect(rep.body.data.shipment).toEqual({ id: 'SHP-B1', status: 'ORDERED' });
  });

  it("hides another customer's data on trackShipment and order as NOT_FOUND", async () => {
    const customerA = await t.token(Role.Customer, 'CUST-A');
    for (const reference of ['SH-SHP-B1', 'SO-ORD-B1']) {
      const res = await t.graphql('query($r: String!) { trackShipment(reference: $r) { id } }', { r: reference }, customerA);
      expect(res.body.data.trackShipment).toBeNull();
      expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
    }
    const order = await t.graphql('{ order(id: "ORD-B1") { number } }', {}, customerA);
    expect(order.body.data.order).toBeNull();
    expect(order.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const own = await t.graphql('{ trackShipment(reference: "TRK-A1") { id } order(id: "ORD-A1") { number } }', {}, customerA);
    expect(own.body.data).toEqual({ trackShipment: { id: 'SHP-A1' }, order: { number: 'SO-ORD-A1' } });
    const rep = await t.token(Role.ServiceRep);
    const repView = await t.graphql('{ trackShipment(reference: "SO-ORD-B1") { id } order(id: "ORD-B1") { number } }', {}, rep);
    expect(repView.body.data).toEqual({ trackShipment: { id: 'SHP-B1' }, order: { number: 'SO-ORD-B1' } });
  });

  it('keeps a customer out of introspection and lets a service rep in', async () => {
    const query = '{ __schema { queryType { name } } }';
    const customer = await t.graphql(query, {}, await t.token(Role.Customer, 'CUST-A'));
    expect(customer.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const rep = await t.graphql(query, {}, await t.token(Role.ServiceRep));
    expect(rep.body.data.__schema.queryType.name).toBe('Query');
  });

  it('keeps integrations out of the graph', async () => {
    const res = await t.graphql('{ orders { totalCount } }', {}, await t.token(Role.Integration));
    expect(res.status).toBe(403);
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses requests without a valid token with HTTP 401', async () => {
    expect((await t.graphql('{ orders { totalCount } }')).status).toBe(401);
    expect((await t.graphql('{ orders { totalCount } }', {}, 'not-a-jwt')).status).toBe(401);
  });
});

describe('the explorer', () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await startTestStack();
  });

  afterAll(() => t.dispose());

  it('serves GraphiQL from Lading itself, with every asset, to a browser without a token', async () => {
    const page = await fetch(t.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    const assets = [...html.matchAll(/(?:src|href)="(\/explorer\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).toHaveLength(4);
    for (const asset of assets) {
      const res = await fetch(t.gatewayUrl.replace('/graphql', asset));
      expect([asset, res.status]).toEqual([asset, 200]);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });
});
