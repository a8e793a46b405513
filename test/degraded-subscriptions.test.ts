import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import { TestStack, startTestStack } from './support/test-stack';
import { subscribe } from './support/ws-subscriber';

const QUERY = `subscription($id: ID) { shipmentUpdated(shipmentId: $id) {
  milestone { type } shipment { number status statusUpdatedAt timeline { type } order { number customer { id } } billing { status } }
} }`;

describe('live updates while orders and finance are down', () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await startTestStack();
    await t.ingest(orderWithShipments('ORD-L', 'CUST-L', ['SHP-L']));
    await t.stack.subgraphs.orders.dispose();
    await t.stack.subgraphs.finance.dispose();
  });

  afterAll(() => t.dispose());

  it('still carry number, status, timeline and the order number; finance\'s field is null with an error naming it', async () => {
    const token = await t.token(Role.Customer, 'CUST-L');
    const subscriber = subscribe(t.gatewayUrl, { authorization: `Bearer ${token}` }, QUERY, { id: 'SHP-L' });
    try {
      // The subscription is opened asynchronously: keep sending milestones until one arrives.
      const deadline = Date.now() + 20_000;
      for (let minute = 10; subscriber.results.length === 0; minute++) {
        if (Date.now() > deadline) throw new Error(`no update arrived: ${JSON.stringify(subscriber.errors)}`);
        await t.ingest([event(EventType.InTransit, 'SHP-L', { location: `L${minute}` }, `2026-11-01T12:${minute}:00Z`)]);
        await new Promise((r) => setTimeout(r, 200));
      }
      const result = subscriber.results[0];
      expect(result.data.shipmentUpdated.shipment).toMatchObject({
        number: 'SH-SHP-L',
        status: 'IN_TRANSIT',
        order: { number: 'SO-ORD-L', customer: { id: 'CUST-L' } },
        billing: null,
      });
      expect(result.data.shipmentUpdated.shipment.timeline.map((m: { type: string }) => m.type)).toContain('tms.shipment.in_transit');
      expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'finance' }) })]);
    } finally {
      await subscriber.close();
    }
  }, 60_000);
});
