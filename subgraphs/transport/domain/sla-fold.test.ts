import { EventApplier } from '../../../lib/events/applier';
import type { CanonicalEvent, LoggedEvent } from '../../../lib/events/types';
import { EventType } from '../../../lib/events/types';
import { silentLogger } from '../../../lib/logger';
import { createMemoryRuntime } from '../../../lib/runtime/memory-runtime';
import { transportHandlers } from '../events';
import { SHIPMENTS } from '../store/keys';
import { TransportStore } from '../store/transport-store';
import { SlaCode } from '../../../lib/sla/sla-catalogue';
import { dueBreaches, slaSignsOf } from './sla-signs';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, minute)).toISOString();
const ev = (
  id: string,
  type: EventType,
  subject: string,
  minute: number,
  data: Record<string, unknown> = {},
  source = `urn:test:${type.split('.')[0]}`,
): CanonicalEvent => ({
  specversion: '1.0',
  id,
  source,
  type,
  time: at(minute),
  subject,
  data,
});
const breach = (i: number, since: string, dueAt: string) =>
  ev(
    `b${i}`,
    EventType.CarrierSlaBreached,
    'SHP-0',
    Date.parse(dueAt) / 60_000 - Date.UTC(2026, 10, 1, 8) / 60_000,
    { rule: 'NO_CARRIER_UPDATE', code: SlaCode.NoCarrierUpdate, since, dueAt },
    'urn:lading:sla',
  );

/** SLA breaches are kept on the fold: neither the document nor the work per event grows with the breaches a shipment had. */
describe('SLA rules on the fold state', () => {
  it('keeps only open breaches, the index in step, and the shipment document at a constant size', async () => {
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
    await apply(
      ev('o', EventType.OrderCreated, 'ORD-1', 0, {
        number: 'SO-1',
        customer: { id: 'C1', name: 'C' },
        lines: [{ sku: 'A', quantity: 1 }],
      }),
    );
    await apply(ev('r', EventType.OrderReleased, 'ORD-1', 1, { shipments: [{ id: 'SHP-0', number: 'SH-0', warehouseId: 'W' }] }));
    const size = async () => (await documents.getRaw(SHIPMENTS, ['SHP-0']))[0]!.length;
    const cycle = async (i: number) => {
      // A carrier scan, then its breach (10 minutes later), then the next scan clears it.
      await apply(ev(`s${i}`, EventType.InTransit, 'SHP-0', 10 + 20 * i, { location: `L${i}` }));
      await apply(breach(i, at(10 + 20 * i), at(20 + 20 * i)));
    };
    for (let i = 0; i < 5; i++) await cycle(i);
    const after5 = await size();
    for (let i = 5; i < 100; i++) await cycle(i);
    expect(Math.abs((await size()) - after5)).toBeLessThan(16);
    const store = new TransportStore(documents);
    const [shipment] = await store.getShipments(['SHP-0']);
    // Every breach but the last was cleared by the next scan.
    expect(slaSignsOf(shipment!).open.map((b) => b.since)).toEqual([at(10 + 20 * 99)]);
    expect(shipment!.derived.discrepancies.map((d) => d.code)).toContain(SlaCode.NoCarrierUpdate);
    // Recorded, so not due again; the clock restarts with the next scan.
    const rules = { noCarrierUpdateMs: 600_000, accrualMs: 3_600_000, invoiceMs: 7 * 86_400_000, heldEventMs: 3_600_000 };
    expect(dueBreaches(slaSignsOf(shipment!), shipment!.derived.status, Date.parse(at(3000)), rules)).toEqual([]);
    // A scan that happened before the breach but arrives after it (out of order) still clears it.
    await apply(ev('late', EventType.InTransit, 'SHP-0', 10 + 20 * 99 + 5, { location: 'late' }));
    const [cleared] = await store.getShipments(['SHP-0']);
    expect(slaSignsOf(cleared!).open).toEqual([]);
    await runtime.dispose();
  });
});
