import { EventApplier } from '../../lib/events/applier';
import type { CanonicalEvent, LoggedEvent } from '../../lib/events/types';
import { EventType } from '../../lib/events/types';
import { silentLogger } from '../../lib/logger';
import { createMemoryRuntime } from '../../lib/runtime/memory-runtime';
import { transportHandlers } from './events';
import { SHIPMENTS } from './store/keys';
import { TransportStore } from './store/transport-store';

const at = (second: number) => new Date(Date.UTC(2026, 10, 1, 8, 0, second)).toISOString();
const ev = (id: string, type: EventType, subject: string, second: number, data: Record<string, unknown> = {}): CanonicalEvent => ({
  specversion: '1.0',
  id,
  source: `urn:test:${type.split('.')[0]}`,
  type,
  time: at(second),
  subject,
  data,
});

/** Apply cost must not grow with a shipment's history: the stored projection keeps a constant size. */
describe('transport projection storage', () => {
  it('keeps the shipment document the same size however many facts it has, and each shipment only its own release line', async () => {
    const runtime = createMemoryRuntime(silentLogger);
    const documents = runtime.documents('transport');
    const applier = new EventApplier({
      consumer: 'transport',
      store: documents,
      handlers: transportHandlers(),
      held: runtime.pipeline.held,
      emit: async () => undefined,
      logger: silentLogger,
    });
    let position = 0;
    const apply = (event: CanonicalEvent) =>
      applier.apply({ position: String(++position).padStart(12, '0'), recordedAt: at(0), event } satisfies LoggedEvent);
    const shipments = Array.from({ length: 100 }, (_, i) => ({ id: `SHP-${i}`, number: `SH-${i}`, warehouseId: 'W' }));
    await apply(
      ev('o', EventType.OrderCreated, 'ORD-1', 0, {
        number: 'SO-1',
        customer: { id: 'C1', name: 'C' },
        lines: [{ sku: 'A', quantity: 1 }],
      }),
    );
    await apply(ev('r', EventType.OrderReleased, 'ORD-1', 1, { shipments }));
    const size = async () => (await documents.getRaw(SHIPMENTS, ['SHP-0']))[0]!.length;
    for (let i = 0; i < 10; i++) await apply(ev(`s${i}`, EventType.InTransit, 'SHP-0', 10 + i, { location: `L${i}` }));
    const after10 = await size();
    for (let i = 10; i < 300; i++) await apply(ev(`s${i}`, EventType.InTransit, 'SHP-0', 10 + i, { location: `L${i}` }));
    // Only the id of the last fact folded differs in length.
    expect(Math.abs((await size()) - after10)).toBeLessThan(16);
    // A late scan (out of order) is folded in too, and the timeline stays in occurrence order.
    await apply(ev('late', EventType.PickConfirmed, 'SHP-0', 5, { warehouseId: 'W' }));
    const store = new TransportStore(documents);
    const timeline = await store.getTimeline('SHP-0');
    expect(timeline).toHaveLength(302);
    expect(timeline.map((f) => f.occurredAt)).toEqual([...timeline.map((f) => f.occurredAt)].sort());
    expect(timeline[0].data).toEqual({ shipment: shipments[0] });
    const [shipment] = await store.getShipments(['SHP-0']);
    expect(shipment!.derived.status).toBe('IN_TRANSIT');
    expect(JSON.stringify(shipment)).not.toContain('SHP-99');
    await runtime.dispose();
  });

  it('folds a run of events applied as one, including one that arrives out of order within it', async () => {
    const runtime = createMemoryRuntime(silentLogger);
    const documents = runtime.documents('transport');
    const applier = new EventApplier({
      consumer: 'transport',
      store: documents,
      handlers: transportHandlers(),
      held: runtime.pipeline.held,
      emit: async () => undefined,
      logger: silentLogger,
    });
    let position = 0;
    const entry = (event: CanonicalEvent): LoggedEvent => ({ position: String(++position).padStart(12, '0'), recordedAt: at(0), event });
    await applier.apply(
      entry(
        ev('o', EventType.OrderCreated, 'ORD-1', 0, {
          number: 'SO-1',
          customer: { id: 'C1', name: 'C' },
          lines: [{ sku: 'A', quantity: 1 }],
        }),
      ),
    );
    await applier.apply(
      entry(ev('r', EventType.OrderReleased, 'ORD-1', 1, { shipments: [{ id: 'SHP-0', number: 'SH-0', warehouseId: 'W' }] })),
    );
    await applier.applyMany([
      entry(ev('p', EventType.PickConfirmed, 'SHP-0', 10, { warehouseId: 'W' })),
      entry(ev('u', EventType.PickedUp, 'SHP-0', 30)),
      entry(ev('l', EventType.ShipmentLoaded, 'SHP-0', 20)),
      entry(ev('u', EventType.PickedUp, 'SHP-0', 30)), // a redelivery inside the run
    ]);
    const store = new TransportStore(documents);
    expect((await store.getTimeline('SHP-0')).map((f) => f.eventId)).toEqual(['r', 'p', 'l', 'u']);
    const [shipment] = await store.getShipments(['SHP-0']);
    expect(shipment!.derived).toMatchObject({ status: 'IN_TRANSIT', statusUpdatedAt: at(30) });
    await runtime.dispose();
  });
});
