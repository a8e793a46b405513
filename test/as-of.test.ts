import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import type { ShipmentStatus } from '../subgraphs/transport/domain/status-rules';
import { STATUS_RANK } from '../subgraphs/transport/domain/status-rules';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { silentLogger } from '../lib/logger';

const AS_OF = `query($id: ID!, $at: DateTime!, $basis: TimeBasis) { shipmentAsOf(id: $id, at: $at, basis: $basis) {
  basis status exception { exceptionId reasonCode } timeline { type occurredAt }
} }`;

describe('a shipment as of a moment', () => {
  let t: TestStack;
  let rep: string;
  let beforeLate: string;
  // When the log records an event: moved by hand, so the late record is strictly later without waiting for the wall clock.
  const clock = { at: Date.now(), now: () => clock.at };
  const recordedNow = () => new Date(clock.now()).toISOString();
  const exceptionAt = '2026-11-01T12:00:00.000Z';
  const asOf = async (at: string, basis: 'RECORDED' | 'OCCURRED', token = rep) =>
    (await t.graphql(AS_OF, { id: 'SHP-AO', at, basis }, token)).body;

  beforeAll(async () => {
    t = await startTestStack(createMemoryRuntime(silentLogger, { clock }));
    rep = await t.token(Role.ServiceRep);
    await t.ingest([
      ...orderWithShipments('ORD-AO', 'CUST-AO', ['SHP-AO']),
      event(EventType.PickedUp, 'SHP-AO', { location: 'Rotterdam' }, '2026-11-01T10:00:00Z'),
      event(EventType.Delivered, 'SHP-AO', { signedBy: 'J. Doe' }, '2026-11-01T14:00:00Z'),
    ]);
    beforeLate = recordedNow();
    clock.at += 1;
    // The carrier reports, late, an exception that happened before the delivery.
    await t.ingest([
      event(EventType.ExceptionRaised, 'SHP-AO', { exceptionId: 'X1', reasonCode: 'WEATHER', customerActionRequired: false }, exceptionAt),
    ]);
  });

  afterAll(() => t.dispose());

  it('as recorded before the late record: delivered, and no exception anywhere', async () => {
    const body = await asOf(beforeLate, 'RECORDED');
    expect(body.errors).toBeUndefined();
    const snapshot = body.data.shipmentAsOf;
    expect(snapshot.status).toBe('DELIVERED');
    expect(snapshot.exception).toBeNull();
    expect(snapshot.timeline.map((m: any) => m.type).sort()).toEqual([
      'erp.order.released',
      'finance.accrual.created',
      'tms.shipment.delivered',
      'tms.shipment.picked_up',
    ]);
  });

  it('as it happened: the exception in its place, open until the delivery', async () => {
    const during = (await asOf('2026-11-01T13:00:00Z', 'OCCURRED')).data.shipmentAsOf;
    expect(during.status).toBe('IN_TRANSIT');
    expect(during.exception).toEqual({ exceptionId: 'X1', reasonCode: 'WEATHER' });
    const later = (await asOf('2026-11-01T15:00:00Z', 'OCCURRED')).data.shipmentAsOf;
    expect(later.status).toBe('DELIVERED');
    // The accrual reaction shares the delivery's time; the TMS milestones keep their order of occurrence.
    expect(later.timeline.map((m: any) => m.type).filter((type: string) => type.startsWith('tms.'))).toEqual([
      'tms.shipment.picked_up',
      'tms.exception.raised',
      'tms.shipment.delivered',
    ]);
    expect(later.timeline[2].occurredAt).toBe(exceptionAt);
  });

  it('as recorded now: the late exception is on the timeline, and the status stays DELIVERED', async () => {
    const now = (await asOf(recordedNow(), 'RECORDED')).data.shipmentAsOf;
    expect(now.status).toBe('DELIVERED');
    expect(now.timeline.map((m: any) => m.type)).toContain('tms.exception.raised');
  });

  it('never moves status backwards, on either basis', async () => {
    for (const basis of ['OCCURRED', 'RECORDED'] as const) {
      const moments =
        basis === 'OCCURRED'
          ? ['2026-11-01T08:06:00Z', '2026-11-01T10:30:00Z', '2026-11-01T12:30:00Z', '2026-11-01T14:30:00Z', '2026-11-02T00:00:00Z']
          : [beforeLate, recordedNow()];
      const ranks: number[] = [];
      for (const at of moments) ranks.push(STATUS_RANK[(await asOf(at, basis)).data.shipmentAsOf.status as ShipmentStatus]);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
  });

  it("lets a customer see its own shipment as of a moment, and not another customer's", async () => {
    const own = await asOf(beforeLate, 'RECORDED', await t.token(Role.Customer, 'CUST-AO'));
    expect(own.data.shipmentAsOf.status).toBe('DELIVERED');
    const other = await asOf(beforeLate, 'RECORDED', await t.token(Role.Customer, 'CUST-OTHER'));
    expect(other.data.shipmentAsOf).toBeNull();
    expect(other.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('answers null before the shipment existed', async () => {
    expect((await asOf('2026-01-01T00:00:00Z', 'OCCURRED')).data.shipmentAsOf).toBeNull();
  });
});
