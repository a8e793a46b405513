import fc from 'fast-check';
import { EventApplier } from '../../lib/events/applier';
import type { CanonicalEvent, LoggedEvent } from '../../lib/events/types';
import { EventType } from '../../lib/events/types';
import { silentLogger } from '../../lib/logger';
import type { Runtime } from '../../lib/runtime/runtime';
import { transportHandlers } from '../../subgraphs/transport/events';
import { TransportStore } from '../../subgraphs/transport/store/transport-store';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, minute)).toISOString();
const ev = (id: string, type: EventType, subject: string, minute: number, data: Record<string, unknown> = {}): CanonicalEvent => ({
  specversion: '1.0',
  id,
  source: `urn:test:${type.split('.')[0]}`,
  type,
  time: at(minute),
  subject,
  data,
});

/** One shipment's life across all four systems, including an exception and a late-arriving scan. */
const LIFE: CanonicalEvent[] = [
  ev('1', EventType.OrderCreated, 'ORD-1', 0, { number: 'SO-1', customer: { id: 'C1', name: 'C' }, lines: [{ sku: 'A', quantity: 1 }] }),
  ev('2', EventType.OrderReleased, 'ORD-1', 1, { shipments: [{ id: 'SHP-1', number: 'SH-1', warehouseId: 'W' }] }),
  ev('3', EventType.PickConfirmed, 'SHP-1', 2, { warehouseId: 'W' }),
  ev('4', EventType.PackConfirmed, 'SHP-1', 3, { packages: [{ id: 'P' }] }),
  ev('5', EventType.ShipmentLoaded, 'SHP-1', 4),
  ev('6', EventType.ShipmentTendered, 'SHP-1', 5, { carrier: { scac: 'ABCD' }, trackingNumber: 'T1' }),
  ev('7', EventType.PickedUp, 'SHP-1', 6),
  ev('8', EventType.ExceptionRaised, 'SHP-1', 7, { exceptionId: 'X', reasonCode: 'WEATHER' }),
  ev('9', EventType.EtaUpdated, 'SHP-1', 8, { eta: at(600) }),
  ev('10', EventType.ExceptionResolved, 'SHP-1', 9, { exceptionId: 'X' }),
  ev('11', EventType.OutForDelivery, 'SHP-1', 10),
  ev('12', EventType.InTransit, 'SHP-1', 6),
  ev('13', EventType.Delivered, 'SHP-1', 11, { signedBy: 'J' }),
];

async function project(deliveries: CanonicalEvent[], makeRuntime: () => Promise<Runtime>) {
  const runtime = await makeRuntime();
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
  for (const event of deliveries) {
    const entry: LoggedEvent = { position: String(++position).padStart(12, '0'), recordedAt: at(1000), event };
    await applier.apply(entry);
  }
  const store = new TransportStore(documents);
  const [shipment] = await store.getShipments(['SHP-1']);
  const timeline = await store.getTimeline('SHP-1');
  await runtime.dispose();
  return { derived: shipment!.derived, timeline: timeline.map((f) => f.key) };
}

/**
 * The property, on any runtime (test/cluster.test.ts runs it on a Redis Cluster): the same status
 * and timeline for shuffled, duplicated and delayed deliveries. `makeRuntime` gives a fresh one each time.
 */
export function orderIndependence(name: string, makeRuntime: () => Promise<Runtime>, numRuns: number): void {
  describe(`order independence of the unified status (${name})`, () => {
    it('ends in the same status and timeline for shuffled, duplicated and delayed deliveries', async () => {
      const expected = await project(LIFE, makeRuntime);
      expect(expected.derived.status).toBe('DELIVERED');
      await fc.assert(
        fc.asyncProperty(
          fc.shuffledSubarray(LIFE, { minLength: LIFE.length, maxLength: LIFE.length }),
          fc.array(fc.nat(LIFE.length - 1), { maxLength: 6 }),
          async (order, repeats) => {
            const deliveries = [...order, ...repeats.map((i) => order[i])];
            expect(await project(deliveries, makeRuntime)).toEqual(expected);
          },
        ),
        { numRuns, seed: 20261122 },
      );
    }, 120_000);
  });
}
