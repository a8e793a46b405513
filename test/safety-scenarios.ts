import { contentHash } from '../lib/events/content-hash';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import type { Runtime } from '../lib/runtime/runtime';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const SHIPMENT = `query($id: ID!) { shipment(id: $id) { id order { id customer { id } } fulfillment { warehouseId } billing { status } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id customer { id name } shipTo { city } } }`;
const ORDERS = `{ orders(first: 100) { totalCount edges { node { id customer { id } } } } }`;
const SHIPMENTS = `query($status: [ShipmentStatus!]) { shipments(first: 100, filter: { status: $status }) { totalCount edges { node { id order { customer { id } } } } } }`;

const SHIPMENT_IDS = `query($status: [ShipmentStatus!]) { shipments(first: 100, filter: { status: $status }) { totalCount edges { node { id } } } }`;
const ORDER_IDS = `{ orders(first: 100) { totalCount edges { node { id } } } }`;

type Result = { id: string; status: string; reason?: string };

/**
 * The write path's safety rules through the public endpoint (issue 10 acceptance 1), run against
 * each runtime: ownership cannot be hijacked, values cannot address keys, sources are authorised,
 * a poison event is rejected alone.
 */
export function safetyScenarios(name: string, makeRuntime: () => Promise<Runtime>): void {
  describe(`write-path safety (${name})`, () => {
    let t: TestStack;
    let rep: string;

    beforeAll(async () => {
      // Budgets by cost are not what this suite is about: many listings from one principal in a row.
      t = await startTestStack(await makeRuntime(), { rate: { ratePerSecond: 100_000, burst: 100_000 } });
      rep = await t.token(Role.ServiceRep);
    });

    afterAll(() => t.dispose());

    const deadLetters = async () =>
      (await t.graphql('{ deadLetters(first: 100) { edges { node { eventId reason } } } }', {}, rep)).body.data.deadLetters.edges.map(
        (e: { node: { eventId: string; reason: string } }) => e.node,
      );

    it("rejects an order re-created for another customer and a release naming another order's shipment, changing nothing", async () => {
      const [created, released] = orderWithShipments('ORD-OWN-A', 'CUST-OWN-A', ['SHP-OWN-A']);
      created.data.shipTo = { city: 'Rotterdam' };
      await t.ingest([created, released, ...orderWithShipments('ORD-OWN-B', 'CUST-OWN-B', ['SHP-OWN-B'])]);

      const recreated = event(
        EventType.OrderCreated,
        'ORD-OWN-A',
        {
          number: 'SO-ORD-OWN-A',
          customer: { id: 'CUST-OWN-B', name: 'Intruder' },
          lines: [{ sku: 'SKU-1', quantity: 1 }],
          shipTo: { city: 'Elsewhere' },
        },
        '2026-11-01T09:00:00Z',
      );
      const stolen = event(
        EventType.OrderReleased,
        'ORD-OWN-B',
        {
          shipments: [{ id: 'SHP-OWN-A', number: 'SH-STOLEN', warehouseId: 'DC-EVIL' }],
        },
        '2026-11-01T09:05:00Z',
      );
      const res = await t.ingest([recreated, stolen]);
      expect(res.status).toBe(202);
      expect(res.body.results.map((r: Result) => r.status)).toEqual(['rejected', 'rejected']);
      for (const r of res.body.results as Result[]) expect(r.reason).toMatch(/^ownership_conflict/);
      const letters = await deadLetters();
      for (const e of [recreated, stolen]) {
        expect(letters).toContainEqual({ eventId: e.id, reason: expect.stringMatching(/^ownership_conflict/) });
      }

      const owner = await t.token(Role.Customer, 'CUST-OWN-A');
      const other = await t.token(Role.Customer, 'CUST-OWN-B');
      const order = (await t.graphql(ORDER, { id: 'ORD-OWN-A' }, owner)).body.data.order;
      expect(order).toEqual({
        id: 'ORD-OWN-A',
        customer: { id: 'CUST-OWN-A', name: 'Customer CUST-OWN-A' },
        shipTo: { city: 'Rotterdam' },
      });
      const shipment = (await t.graphql(SHIPMENT, { id: 'SHP-OWN-A' }, owner)).body.data.shipment;
      expect(shipment).toEqual({
        id: 'SHP-OWN-A',
        order: { id: 'ORD-OWN-A', customer: { id: 'CUST-OWN-A' } },
        fulfillment: { warehouseId: 'DC-TEST' },
        billing: expect.anything(),
      });
      const ownOrders = (await t.graphql(ORDERS, {}, owner)).body.data.orders;
      expect(ownOrders.edges.map((e: { node: unknown }) => e.node)).toEqual([{ id: 'ORD-OWN-A', customer: { id: 'CUST-OWN-A' } }]);

      expect((await t.graphql(ORDER, { id: 'ORD-OWN-A' }, other)).body.data?.order ?? null).toBeNull();
      expect((await t.graphql(SHIPMENT, { id: 'SHP-OWN-A' }, other)).body.data?.shipment ?? null).toBeNull();
      const otherOrders = (await t.graphql(ORDERS, {}, other)).body.data.orders;
      expect(otherOrders.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['ORD-OWN-B']);
      const otherShipments = (await t.graphql(SHIPMENTS, {}, other)).body.data.shipments;
      expect(otherShipments.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['SHP-OWN-B']);
    });

    it('refuses, while applying, a hijack that reached the log without a recorded first word (a race, or data from before)', async () => {
      await t.ingest(orderWithShipments('ORD-OLD-A', 'CUST-OLD-A', ['SHP-OLD-A']));
      const hijacks = [
        event(
          EventType.OrderCreated,
          'ORD-OLD-A',
          { number: 'X', customer: { id: 'CUST-OLD-B', name: 'Intruder' }, lines: [{ sku: 'S', quantity: 1 }] },
          '2026-11-01T09:00:00Z',
        ),
        ...orderWithShipments('ORD-OLD-B', 'CUST-OLD-B', ['SHP-OLD-B']),
        event(
          EventType.OrderReleased,
          'ORD-OLD-B',
          { shipments: [{ id: 'SHP-OLD-A', number: 'X', warehouseId: 'DC-EVIL' }] },
          '2026-11-01T09:05:00Z',
        ),
      ];
      // A hijacking release held until its order appears, refused when released from hold.
      const [lateCreated] = orderWithShipments('ORD-OLD-C', 'CUST-OLD-B', []);
      const heldHijack = event(
        EventType.OrderReleased,
        'ORD-OLD-C',
        { shipments: [{ id: 'SHP-OLD-A', number: 'Y', warehouseId: 'DC-EVIL' }] },
        '2026-11-01T09:06:00Z',
      );
      // Straight onto the log, as if the ownership registry had not seen the first word.
      for (const e of [...hijacks, heldHijack, lateCreated]) await t.runtime.pipeline.log.append(e, contentHash(e));
      await t.runtime.pipeline.idle();
      const letters = await deadLetters();
      for (const e of [hijacks[0], hijacks[3], heldHijack])
        expect(letters).toContainEqual({ eventId: e.id, reason: expect.stringMatching(/^ownership_conflict/) });
      expect(letters.filter((l: { eventId: string }) => l.eventId === lateCreated.id)).toEqual([]);
      expect((await t.graphql('{ heldEvents { totalCount } }', {}, rep)).body.data.heldEvents.totalCount).toBe(0);
      const owner = await t.token(Role.Customer, 'CUST-OLD-A');
      expect((await t.graphql(SHIPMENT, { id: 'SHP-OLD-A' }, owner)).body.data.shipment).toMatchObject({
        order: { id: 'ORD-OLD-A', customer: { id: 'CUST-OLD-A' } },
        fulfillment: { warehouseId: 'DC-TEST' },
      });
      expect((await t.graphql(ORDER, { id: 'ORD-OLD-A' }, owner)).body.data.order.customer.id).toBe('CUST-OLD-A');
      const intruder = await t.token(Role.Customer, 'CUST-OLD-B');
      expect((await t.graphql(ORDER_IDS, {}, intruder)).body.data.orders.edges).toEqual([
        { node: { id: 'ORD-OLD-B' } },
        { node: { id: 'ORD-OLD-C' } },
      ]);
      expect((await t.graphql(SHIPMENT_IDS, {}, intruder)).body.data.shipments.edges).toEqual([{ node: { id: 'SHP-OLD-B' } }]);
    });

    it('accepts a repeated first word from the same owner', async () => {
      const [created, released] = orderWithShipments('ORD-OWN-C', 'CUST-OWN-C', ['SHP-OWN-C']);
      await t.ingest([created, released]);
      const again = [
        { ...created, id: `${created.id}-again` },
        { ...released, id: `${released.id}-again` },
      ];
      const res = await t.ingest(again);
      expect(res.body.results.map((r: Result) => r.status)).toEqual(['accepted', 'accepted']);
    });

    it('gives a customer_id with key syntax nothing of another customer', async () => {
      await t.ingest([
        ...orderWithShipments('ORD-KEY', 'CUST-KEY', ['SHP-KEY']),
        event(EventType.PickedUp, 'SHP-KEY', {}, '2026-11-01T10:00:00Z'),
        event(EventType.Delivered, 'SHP-KEY', {}, '2026-11-01T12:00:00Z'),
      ]);
      const owner = await t.token(Role.Customer, 'CUST-KEY');
      expect((await t.graphql(SHIPMENTS, { status: ['DELIVERED'] }, owner)).body.data.shipments.totalCount).toBe(1);
      for (const claim of ['CUST-KEY:status:DELIVERED', 'CUST-KEY:', 'CUST-KEY%3Astatus%3ADELIVERED', 'CUST-KEY\u0000', '*', '']) {
        const intruder = await t.token(Role.Customer, claim);
        for (const status of [undefined, ['DELIVERED']]) {
          const listed = await t.graphql(SHIPMENT_IDS, { status }, intruder);
          // An empty claim is no customer at all (401); every other claim is a customer with nothing.
          if (claim === '') expect(listed.status).toBe(401);
          else
            expect({ claim, status, listed: listed.body }).toEqual({
              claim,
              status,
              listed: { data: { shipments: { totalCount: 0, edges: [] } } },
            });
        }
        const orders = await t.graphql(ORDER_IDS, {}, intruder);
        if (claim !== '')
          expect({ claim, orders: orders.body }).toEqual({ claim, orders: { data: { orders: { totalCount: 0, edges: [] } } } });
      }
    });

    it('lets an integration bound to urn:wms:* post only WMS events, and nobody post as urn:lading:*', async () => {
      await t.ingest(orderWithShipments('ORD-SRC', 'CUST-SRC', ['SHP-SRC']));
      const wmsOnly = await t.tokenWith({ role: Role.Integration, sources: ['urn:wms:*'] });
      const pick = event(EventType.PickConfirmed, 'SHP-SRC', { warehouseId: 'DC-TEST' }, '2026-11-01T09:00:00Z');
      const tms = event(EventType.PickedUp, 'SHP-SRC', {}, '2026-11-01T10:00:00Z');
      const lading = {
        ...event(
          EventType.ChargeRecorded,
          'SHP-SRC',
          { chargeId: 'FAKE', type: 'FREIGHT', stage: 'RATED', amount: { amount: '0.01', currency: 'EUR' } },
          '2026-11-01T10:00:00Z',
        ),
        source: 'urn:lading:finance',
      };
      const res = await t.postEvents([pick, tms, lading], wmsOnly);
      expect(res.status).toBe(202);
      expect(res.body.results.map((r: Result) => r.status)).toEqual(['accepted', 'rejected', 'rejected']);
      expect(res.body.results[1].reason).toMatch(/^source_not_allowed/);
      expect(res.body.results[2].reason).toMatch(/^source_not_allowed/);

      const unbound = await t.token(Role.Integration);
      const spoof = { ...lading, id: 'spoof-2', source: 'URN:Lading:finance' };
      const res2 = await t.postEvents([spoof, tms], unbound);
      expect(res2.body.results.map((r: Result) => r.status)).toEqual(['rejected', 'accepted']);
      expect(res2.body.results[0].reason).toMatch(/^source_not_allowed/);

      const pickOnly = await t.tokenWith({ role: Role.Integration, sources: ['urn:wms:*'], eventTypes: ['wms.pick.*'] });
      const pack = event(EventType.PackConfirmed, 'SHP-SRC', { packages: [{ id: 'P1' }] }, '2026-11-01T09:30:00Z');
      const res3 = await t.postEvents([pack], pickOnly);
      expect(res3.body.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/^source_not_allowed/) });
      await t.runtime.pipeline.idle();

      const letters = await deadLetters();
      for (const id of [tms.id, lading.id, 'spoof-2', pack.id]) {
        expect(letters).toContainEqual({ eventId: id, reason: expect.stringMatching(/^source_not_allowed/) });
      }
      const charges = (await t.graphql('query($id: ID!) { shipment(id: $id) { charges { id } } }', { id: 'SHP-SRC' }, rep)).body.data
        .shipment.charges;
      expect(charges).toEqual([]);
    });

    it('rejects a poison event in a batch of 500 alone, accepting its neighbours', async () => {
      const batch: unknown[] = Array.from({ length: 500 }, (_, i) =>
        event(
          EventType.InventoryAdjusted,
          `DC-POISON/SKU-${i}`,
          { warehouseId: 'DC-POISON', sku: `SKU-${i}`, quantityDelta: 1 },
          '2026-11-01T10:00:00Z',
        ),
      );
      // 5,000 levels of arrays in an unchecked field, ~10 KB: JSON.stringify cannot even write it, so the text is built by hand.
      batch[250] = {
        ...(batch[250] as object),
        id: 'poison-1',
        data: { warehouseId: 'DC-POISON', sku: 'SKU-250', quantityDelta: 1, note: 'POISON' },
      };
      const body = JSON.stringify(batch).replace('"POISON"', '['.repeat(5000) + ']'.repeat(5000));
      const res = await t.postEvents(body, await t.token(Role.Integration));
      await t.runtime.pipeline.idle();
      expect(res.status).toBe(202);
      const statuses = res.body.results.map((r: Result) => r.status);
      expect(statuses.filter((s: string) => s === 'accepted')).toHaveLength(499);
      expect(res.body.results[250]).toMatchObject({ id: 'poison-1', status: 'rejected', reason: expect.stringMatching(/^invalid/) });
      expect(await deadLetters()).toContainEqual({ eventId: 'poison-1', reason: expect.stringMatching(/^invalid.*depth/) });
    });

    it('refuses impossible dates, unknown currencies and bad quantities, and keeps look-alike keys apart', async () => {
      const res = await t.ingest([
        event(
          EventType.InventoryAdjusted,
          'DC-EDGE/SKU-1',
          { warehouseId: 'DC-EDGE', sku: 'SKU-1', quantityDelta: 1 },
          '2026-02-30T10:00:00Z',
        ),
        event(
          EventType.InventoryAdjusted,
          'DC-EDGE/SKU-1',
          { warehouseId: 'DC-EDGE', sku: 'SKU-1', quantityDelta: 0 },
          '2026-02-28T10:00:00Z',
        ),
        event(
          EventType.InventoryAdjusted,
          'DC-EDGE/SKU-1',
          { warehouseId: 'DC-EDGE', sku: 'SKU-1', quantityDelta: 1.5 },
          '2026-02-28T10:00:00Z',
        ),
        event(
          EventType.OrderCreated,
          'ORD-EDGE',
          { number: 'N', customer: { id: 'C', name: 'C' }, lines: [{ sku: 'S', quantity: -2 }] },
          '2026-02-28T10:00:00Z',
        ),
        event(
          EventType.OrderCreated,
          'ORD-EDGE',
          { number: 'N', customer: { id: 'C', name: 'C' }, lines: [{ sku: 'S', quantity: 1 }], currency: 'ABC' },
          '2026-02-28T10:00:00Z',
        ),
        {
          ...event(
            EventType.InventoryAdjusted,
            'DC-EDGE/SKU-2',
            { warehouseId: 'DC-EDGE', sku: 'SKU-2', quantityDelta: 3 },
            '2026-02-28T10:00:00Z',
            '1',
          ),
          source: 'urn:wms:X|x',
        },
        {
          ...event(
            EventType.InventoryAdjusted,
            'DC-EDGE/SKU-2',
            { warehouseId: 'DC-EDGE', sku: 'SKU-2', quantityDelta: 4 },
            '2026-02-28T10:00:00Z',
            'x|1',
          ),
          source: 'urn:wms:X',
        },
      ]);
      const results = res.body.results as Result[];
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'accepted', 'accepted']);
      expect(results[0].reason).toMatch(/^invalid.*time/);
      expect(results[1].reason).toMatch(/^invalid.*quantityDelta/);
      expect(results[2].reason).toMatch(/^invalid.*quantityDelta/);
      expect(results[3].reason).toMatch(/^invalid.*quantity/);
      expect(results[4].reason).toMatch(/^invalid.*currency/);
    });
  });
}
