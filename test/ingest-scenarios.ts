import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import type { Runtime } from '../lib/runtime/runtime';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const STATUS = `query($id: ID!) { shipment(id: $id) {
  status timeline { eventId type }
  charges { stage amount { amount currency } }
  billing { status accrual { amount { amount currency } } }
} }`;

/** Ingest behaviour through the public endpoint, run against each runtime (memory, Redis). */
export function ingestScenarios(name: string, makeRuntime: () => Promise<Runtime>): void {
  describe(`POST /events (${name})`, () => {
    let t: TestStack;
    let rep: string;
    let integration: string;

    beforeAll(async () => {
      t = await startTestStack(await makeRuntime());
      rep = await t.token(Role.ServiceRep);
      integration = await t.token(Role.Integration);
    });

    afterAll(() => t.dispose());

    const shipment = async (id: string) => (await t.graphql(STATUS, { id }, rep)).body.data.shipment;

    it('applies a lifecycle once, reports duplicates and conflicts, and keeps status on a late load', async () => {
      const pickup = event(EventType.PickedUp, 'SHP-1', { location: 'Rotterdam' }, '2026-11-01T12:00:00Z');
      const first = await t.ingest([
        ...orderWithShipments('ORD-1', 'CUST-1', ['SHP-1']),
        event(EventType.PickConfirmed, 'SHP-1', { warehouseId: 'DC-TEST' }, '2026-11-01T09:00:00Z'),
        event(EventType.PackConfirmed, 'SHP-1', { packages: [{ id: 'PKG-1', weightKg: 12.5 }] }, '2026-11-01T09:30:00Z'),
        event(
          EventType.ShipmentTendered,
          'SHP-1',
          { carrier: { scac: 'ABCD' }, ratedCost: { amount: '250.00', currency: 'EUR' } },
          '2026-11-01T10:00:00Z',
        ),
        pickup,
      ]);
      expect(first.status).toBe(202);
      expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(Array(6).fill('accepted'));
      let s = await shipment('SHP-1');
      expect(s.status).toBe('IN_TRANSIT');
      expect(s.charges).toEqual([{ stage: 'RATED', amount: { amount: '250.00', currency: 'EUR' } }]);
      const timeline = s.timeline.length;

      const again = await t.ingest([pickup]);
      expect(again.body.results).toEqual([{ id: pickup.id, status: 'duplicate' }]);
      const conflicting = await t.ingest([{ ...pickup, data: { location: 'Antwerp' } }]);
      expect(conflicting.body.results[0]).toMatchObject({
        id: pickup.id,
        status: 'rejected',
        reason: expect.stringContaining('conflicting duplicate'),
      });
      s = await shipment('SHP-1');
      expect(s.timeline).toHaveLength(timeline);

      await t.ingest([event(EventType.ShipmentLoaded, 'SHP-1', { trailer: 'TR-9' }, '2026-11-01T11:00:00Z')]);
      s = await shipment('SHP-1');
      expect(s.status).toBe('IN_TRANSIT');
      expect(s.timeline.map((m: { type: string }) => m.type)).toContain('wms.shipment.loaded');
    });

    it('accepts the valid events of a mixed batch and dead-letters the rest with reasons', async () => {
      const valid = orderWithShipments('ORD-2', 'CUST-1', ['SHP-2']);
      const missingAttributes = { specversion: '1.0', id: 'bad-1', type: EventType.PickedUp, data: {} };
      const unknownType = { ...event(EventType.PickedUp, 'SHP-2', {}, '2026-11-01T12:00:00Z'), type: 'tms.teleported' };
      const missingData = event(EventType.EtaUpdated, 'SHP-2', {}, '2026-11-01T12:00:00Z');
      const res = await t.ingest([valid[0], missingAttributes, unknownType, missingData, valid[1]]);
      expect(res.status).toBe(202);
      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
        'accepted',
        'rejected',
        'rejected',
        'rejected',
        'accepted',
      ]);
      expect(res.body.results[1].reason).toMatch(/source/);
      expect(res.body.results[2].reason).toMatch(/tms\.teleported/);
      expect(res.body.results[3].reason).toMatch(/data\.eta/);
      const metrics = await (await fetch(t.gatewayUrl.replace('/graphql', '/metrics'))).text();
      expect(metrics).toMatch(/lading_events_total\{[^}]*type="unknown"[^}]*result="rejected"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/lading_events_total\{[^}]*type="erp\.order\.created"[^}]*result="accepted"[^}]*\} [1-9]/);
      const letters = await t.graphql('{ deadLetters(first: 100) { edges { node { eventId reason raw } } } }', {}, rep);
      const ids = letters.body.data.deadLetters.edges.map((e: { node: { eventId: string } }) => e.node.eventId);
      expect(ids).toEqual(expect.arrayContaining(['bad-1', unknownType.id, missingData.id]));
    });

    it('answers bad requests with 400, 401, 403 and 413', async () => {
      expect((await t.postEvents('{not json', integration)).status).toBe(400);
      expect((await t.postEvents([], '')).status).toBe(401);
      expect((await t.postEvents([], await t.token(Role.Customer, 'CUST-1'))).status).toBe(403);
      const tooMany = Array.from({ length: 501 }, (_, i) => event(EventType.InTransit, 'SHP-1', {}, '2026-11-01T12:00:00Z', `many-${i}`));
      expect((await t.postEvents(tooMany, integration)).status).toBe(413);
    });

    it('holds a delivery for an unreleased shipment and applies it after the release', async () => {
      const delivered = event(EventType.Delivered, 'SHP-3', { signedBy: 'J. Doe' }, '2026-11-02T15:00:00Z');
      await t.ingest([delivered]);
      const held = async () =>
        (await t.graphql('{ heldEvents { edges { node { id type subject reason } } } }', {}, rep)).body.data.heldEvents.edges.map(
          (e: { node: { subject: string } }) => e.node,
        );
      expect(await held()).toEqual([
        expect.objectContaining({ type: EventType.Delivered, subject: 'SHP-3', reason: expect.stringContaining('not known yet') }),
      ]);
      await t.ingest(orderWithShipments('ORD-3', 'CUST-1', ['SHP-3']));
      const s = await shipment('SHP-3');
      expect(s.status).toBe('DELIVERED');
      expect(s.billing.accrual).not.toBeNull();
      expect(await held()).toEqual([]);
    });
  });
}
