import { ChangeStreamName } from '../lib/changes/change-stream';
import type { ShipmentChange } from '../lib/changes/shipment-change';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { silentLogger } from '../lib/logger';
import { transportHandlers } from '../subgraphs/transport/events';
import { event, orderWithShipments } from './support/events';
import { EventApplier } from '../lib/events/applier';
import type { HeldEventStore } from '../lib/events/held-events';
import type { LoggedEvent } from '../lib/events/types';
import { EventType } from '../lib/events/types';

let position = 0;
const logged = (e: LoggedEvent['event']): LoggedEvent => ({
  position: String(++position).padStart(12, '0'),
  recordedAt: new Date().toISOString(),
  event: e,
});

/**
 * Releasing what waited on an aggregate is part of handling the event that created it. When that
 * handling stops after the commit (the process died, or another instance claimed the entry as
 * stuck), the redelivered entry must finish the release: otherwise its acknowledgement leaves the
 * waiting events held until they are dead-lettered as orphans.
 */
describe('an aggregate-creating event delivered again', () => {
  // Alone (claimed from another instance) or in a run of its aggregate's entries (its own pending entries re-read after a restart).
  it.each([
    ['alone', (applier: EventApplier, _created: LoggedEvent, released: LoggedEvent) => applier.apply(released)],
    ['in a run', (applier: EventApplier, created: LoggedEvent, released: LoggedEvent) => applier.applyMany([created, released])],
  ])('releases the events that waited on its aggregates, even though it was applied before (%s)', async (_how, redeliver) => {
    const runtime = createMemoryRuntime(silentLogger);
    const changed = async () =>
      (await runtime.changes.read<ShipmentChange>(ChangeStreamName.Shipments, undefined, 100)).map((c) => `${c.shipmentId}:${c.eventType}`);
    let failRelease = false;
    const held = runtime.pipeline.held;
    // The first handling stops between the release's commit and the release of the held events.
    const flaky = Object.create(held) as HeldEventStore;
    flaky.heldFor = async (consumer, aggregate) => {
      if (failRelease) throw new Error('process stopped before releasing held events');
      return held.heldFor(consumer, aggregate);
    };
    const applier = new EventApplier({
      consumer: 'transport',
      store: runtime.documents('transport'),
      handlers: transportHandlers(),
      held: flaky,
      emit: async () => undefined,
      logger: silentLogger,
    });
    const [created, released] = orderWithShipments('ORD-R', 'CUST-R', ['SHP-R']).map(logged);
    const early = logged(event(EventType.PickedUp, 'SHP-R', {}, '2026-11-01T09:00:00Z'));

    await applier.apply(created);
    await applier.apply(early);
    expect(await held.count()).toBe(1);
    failRelease = true;
    await expect(applier.apply(released)).rejects.toThrow('process stopped');
    expect(await changed()).toEqual(['SHP-R:erp.order.released']);

    failRelease = false;
    await redeliver(applier, created, released);
    expect(await changed()).toEqual(['SHP-R:erp.order.released', 'SHP-R:tms.shipment.picked_up']);
    expect(await held.count()).toBe(0);
    await runtime.dispose();
  });
});
