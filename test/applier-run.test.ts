import { event, orderWithShipments } from './support/events';
import { silentLogger } from '../lib/logger';
import { MemoryDocumentStore } from '../lib/store/memory-document-store';
import { EventApplier } from '../lib/events/applier';
import { DeadLetterStore } from '../lib/events/dead-letters';
import { EventRefused } from '../lib/events/event-refused';
import { HeldEventStore } from '../lib/events/held-events';
import type { LoggedEvent } from '../lib/events/types';
import { EventType } from '../lib/events/types';

let position = 0;
const logged = (e: ReturnType<typeof event>): LoggedEvent => ({
  position: String(++position).padStart(8, '0'),
  recordedAt: new Date().toISOString(),
  event: e,
});
const scan = (location: string, minute: number) =>
  logged(event(EventType.InTransit, 'SHP-U', { location }, `2026-11-01T09:${String(minute).padStart(2, '0')}:00Z`));

/** One path applies a single entry and a run of one aggregate's entries: a run is many entries, one unit of work. */
describe('EventApplier: one path for an entry and a run', () => {
  function applierFor(refusedLocation: string) {
    const applied: string[] = [];
    const refused: string[] = [];
    const applier = new EventApplier({
      consumer: 'test',
      store: new MemoryDocumentStore(),
      held: new HeldEventStore(new MemoryDocumentStore(), new DeadLetterStore(new MemoryDocumentStore())),
      emit: async () => undefined,
      refused: async (entry, reason) => void refused.push(`${String(entry.event.data.location)}: ${reason}`),
      logger: silentLogger,
      handlers: {
        // Recorded once committed, as a handler's writes are: a run that is not committed changed nothing.
        [EventType.InTransit]: async ({ event: e, afterCommit }) => {
          const location = String(e.data.location);
          if (location === refusedLocation) throw new EventRefused('not_here: refused by rule');
          afterCommit(async () => void applied.push(location));
        },
      },
    });
    return { applier, applied, refused };
  }

  it('applies a run once: delivered again, alone or as a run, nothing is applied twice', async () => {
    const { applier, applied } = applierFor('none');
    for (const entry of orderWithShipments('ORD-U', 'CUST-U', ['SHP-U']).map(logged)) await applier.apply(entry);
    const run = [scan('A', 1), scan('B', 2), scan('C', 3)];
    await applier.applyMany(run);
    await applier.apply(run[1]);
    await applier.applyMany(run);
    expect(applied).toEqual(['A', 'B', 'C']);
  });

  it("dead-letters a refused entry of a run alone: the run's other entries are applied", async () => {
    const { applier, applied, refused } = applierFor('B');
    for (const entry of orderWithShipments('ORD-U', 'CUST-U', ['SHP-U']).map(logged)) await applier.apply(entry);
    await applier.applyMany([scan('A', 1), scan('B', 2), scan('C', 3)]);
    expect(applied).toEqual(['A', 'C']);
    expect(refused).toEqual(['B: not_here: refused by rule']);
  });

  it('holds the entries of a run whose aggregate is not known yet, and applies them when it appears', async () => {
    const { applier, applied } = applierFor('none');
    const [created, released] = orderWithShipments('ORD-U', 'CUST-U', ['SHP-U']).map(logged);
    await applier.apply(created);
    await applier.applyMany([scan('A', 1), scan('B', 2)]);
    expect(applied).toEqual([]);
    await applier.apply(released);
    expect(applied).toEqual(['A', 'B']);
  });
});
