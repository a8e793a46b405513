import { event, orderWithShipments } from './support/events';
import { silentLogger } from '../lib/logger';
import { MemoryDocumentStore } from '../lib/store/memory-document-store';
import { EventApplier } from '../lib/events/applier';
import { DeadLetterStore } from '../lib/events/dead-letters';
import { HeldEventStore } from '../lib/events/held-events';
import type { LoggedEvent } from '../lib/events/types';
import { EventType } from '../lib/events/types';

let position = 0;
const logged = (e: ReturnType<typeof event>): LoggedEvent => ({
  position: String(++position).padStart(8, '0'),
  recordedAt: new Date().toISOString(),
  event: e,
});

describe('EventApplier: a redelivered event that creates aggregates', () => {
  it('releases the held events a failed first delivery left held', async () => {
    const store = new MemoryDocumentStore();
    const held = new HeldEventStore(new MemoryDocumentStore(), new DeadLetterStore(new MemoryDocumentStore()));
    const scanned: string[] = [];
    let failNext = true;
    const applier = new EventApplier({
      consumer: 'test',
      store,
      held,
      emit: async () => undefined,
      logger: silentLogger,
      handlers: {
        // The first scan applied fails once (as a command timing out under load would).
        [EventType.InTransit]: async ({ event: e }) => {
          if (failNext) {
            failNext = false;
            throw new Error('Command timed out');
          }
          scanned.push(e.subject);
        },
      },
    });
    const [created, released] = orderWithShipments('ORD-R', 'CUST-R', ['SHP-R1', 'SHP-R2']).map(logged);
    await applier.apply(created);
    // Scans that arrive before the release are held.
    await applier.apply(logged(event(EventType.InTransit, 'SHP-R1', { location: 'A' }, '2026-11-01T09:00:00Z')));
    await applier.apply(logged(event(EventType.InTransit, 'SHP-R2', { location: 'B' }, '2026-11-01T09:00:00Z')));
    expect(await held.count()).toBe(2);
    // The release is stored, but releasing its held scans stops at the first failure.
    await expect(applier.apply(released)).rejects.toThrow('Command timed out');
    expect(await held.count()).toBe(2);
    // Delivered again, it is not applied twice, and what it left held is released now.
    await applier.apply(released);
    expect(scanned.sort()).toEqual(['SHP-R1', 'SHP-R2']);
    expect(await held.count()).toBe(0);
  });
});
