import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { headCursor } from './support/cursors';
import { subscribe } from './support/ws-subscriber';

const QUERY = `subscription($id: ID, $after: String) { shipmentUpdated(shipmentId: $id, after: $after) {
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

  it("still carry number, status, timeline and the order number; finance's field is null with an error naming it", async () => {
    const token = await t.token(Role.Customer, 'CUST-L');
    // After the head of the log: the update posted next arrives however long the subscription takes to attach.
    const subscriber = subscribe(t.gatewayUrl, { authorization: `Bearer ${token}` }, QUERY, { id: 'SHP-L', after: await headCursor(t) });
    try {
      await t.ingest([event(EventType.InTransit, 'SHP-L', { location: 'L10' }, '2026-11-01T12:10:00Z')]);
      const [result] = await subscriber.waitFor(1);
      expect(result.data.shipmentUpdated.shipment).toMatchObject({
        number: 'SH-SHP-L',
        status: 'IN_TRANSIT',
        order: { number: 'SO-ORD-L', customer: { id: 'CUST-L' } },
        billing: null,
      });
      expect(result.data.shipmentUpdated.shipment.timeline.map((m: { type: string }) => m.type)).toContain('tms.shipment.in_transit');
      expect(result.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'finance' }) }),
      ]);
    } finally {
      await subscriber.close();
    }
  }, 60_000);
});
