import type { ShipmentChange } from '../../../lib/changes/shipment-change';
import { ChangeStreamName } from '../../../lib/changes/change-stream';
import { BEFORE_FIRST_CHANGE } from '../../../lib/changes/change-ids';
import { MemoryChangeStreams } from '../../../lib/changes/memory-change-streams';
import { encodeUpdateCursor } from '../../../lib/graphql/update-cursor';
import { Role } from '../../../lib/identity/identity';
import { silentLogger } from '../../../lib/logger';
import { createMemoryRuntime } from '../../../lib/runtime/memory-runtime';
import { MemoryDocumentStore } from '../../../lib/store/memory-document-store';
import { UnitOfWork } from '../../../lib/store/unit-of-work';
import { shipmentChange } from '../../../lib/testing/shipment-change';
import { TransportStore } from '../store/transport-store';
import { ShipmentUpdateFeed } from './shipment-update-feed';

describe('ShipmentUpdateFeed', () => {
  it('replays after the cursor, then follows, with changes committed while it replays: none twice, none lost, in order', async () => {
    const runtime = createMemoryRuntime(silentLogger);
    const documents = runtime.documents('transport');
    const append = async (n: number, customerId = 'C1') => {
      const uow = new UnitOfWork(documents);
      uow.append(ChangeStreamName.Shipments, shipmentChange(n, customerId), `S${n}`);
      await uow.commit();
    };
    for (let n = 1; n <= 5; n++) await append(n, n === 4 ? 'C2' : 'C1');
    const [, second] = await runtime.changes.read<ShipmentChange>(ChangeStreamName.Shipments, undefined, 10);
    const feed = new ShipmentUpdateFeed(runtime.changes, new TransportStore(documents));
    const identity = { sub: 'portal', role: Role.Customer, customerId: 'C1' };

    const opening = feed.open({ identity, after: encodeUpdateCursor(second.id, second.shipmentId) });
    await append(6); // while the feed follows and replays
    const queue = await opening;
    await append(7);
    const seen: string[] = [];
    for await (const update of queue) {
      seen.push(update.milestone.eventId);
      if (update.milestone.eventId === 'e7') break;
    }
    // C2's change (e4) is not this customer's; e1 and e2 are at or before the cursor.
    expect(seen).toEqual(['e3', 'e5', 'e6', 'e7']);
    await runtime.dispose();
  });

  it('live, without a cursor: every later change of its customer in commit order, each update resuming after itself', async () => {
    const runtime = createMemoryRuntime(silentLogger);
    const documents = runtime.documents('transport');
    const feed = new ShipmentUpdateFeed(runtime.changes, new TransportStore(documents));
    const queue = await feed.open({ identity: { sub: 'portal', role: Role.Customer, customerId: 'C1' } });
    for (let n = 1; n <= 4; n++) {
      const uow = new UnitOfWork(documents);
      uow.append(ChangeStreamName.Shipments, shipmentChange(n, n === 2 ? 'C2' : 'C1'), `S${n}`);
      await uow.commit();
    }
    const changes = await runtime.changes.read<ShipmentChange>(ChangeStreamName.Shipments, undefined, 10);
    const seen: { eventId: string; cursor: string }[] = [];
    for await (const update of queue) {
      seen.push({ eventId: update.milestone.eventId, cursor: update.cursor });
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(
      [changes[0], changes[2], changes[3]].map((c, i) => ({
        eventId: ['e1', 'e3', 'e4'][i],
        cursor: encodeUpdateCursor(c.id, c.shipmentId),
      })),
    );
    await runtime.dispose();
  });

  it('answers a cursor older than the stream keeps with UPDATES_MISSED and where to resume', async () => {
    let now = Date.now();
    const changes = new MemoryChangeStreams({ retentionMs: 1_000, clock: { now: () => now } });
    const documents = new MemoryDocumentStore(undefined, changes);
    for (let n = 1; n <= 3; n++) {
      const uow = new UnitOfWork(documents);
      uow.append(ChangeStreamName.Shipments, shipmentChange(n), `S${n}`);
      if (n === 3) now += 5_000;
      await uow.commit();
    }
    const feed = new ShipmentUpdateFeed(changes, new TransportStore(documents));
    const identity = { sub: 'rep', role: Role.ServiceRep, customerId: null };
    const missed = await feed.open({ identity, after: encodeUpdateCursor(BEFORE_FIRST_CHANGE, '~') }).catch((e: unknown) => e);
    expect(missed).toMatchObject({ extensions: { code: 'UPDATES_MISSED', lastCursor: expect.any(String) } });
  });
});
