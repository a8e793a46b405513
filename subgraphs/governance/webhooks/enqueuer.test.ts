import { changeKeyOf } from '../../../lib/changes/change-ids';
import { webhookDocuments } from './webhook-service';
import { ChangeStreamName } from '../../../lib/changes/change-stream';
import type { ShipmentChange } from '../../../lib/changes/shipment-change';
import { silentLogger } from '../../../lib/logger';
import { createMemoryRuntime } from '../../../lib/runtime/memory-runtime';
import { UnitOfWork } from '../../../lib/store/unit-of-work';
import { shipmentChange as change } from '../../../lib/testing/shipment-change';
import { until } from '../../../lib/testing/until';
import { startEnqueuer } from './enqueuer';
import { OFFSETS } from './keys';
import { WebhookStore, deliveryId } from './webhook-store';

describe('webhook enqueuer on the change stream', () => {
  it('queues one delivery per change and endpoint, never a second one for a change read again, with two instances', async () => {
    const runtime = createMemoryRuntime(silentLogger);
    const documents = webhookDocuments(runtime);
    const store = new WebhookStore(documents);
    const append = async (...records: Omit<ShipmentChange, 'id'>[]) => {
      const uow = new UnitOfWork(runtime.documents('transport'));
      for (const record of records) uow.append(ChangeStreamName.Shipments, record, record.shipmentId);
      uow.put('written', String(records[0].position), {});
      await uow.commit();
    };
    await store.addEndpoint({
      id: 'we-1',
      url: 'https://receiver.example/hooks',
      customerId: 'C1',
      eventTypes: [],
      statuses: [],
      shipmentIds: [],
      description: null,
      secret: 'whsec_x',
      createdBy: 'test',
      createdAt: '2026-11-01T08:00:00.000Z',
    });
    const instances = [0, 1].map(() => startEnqueuer({ changes: runtime.changes, store, logger: silentLogger, onQueued: () => undefined }));
    await append(change(1), change(2, 'C2'), change(3));
    await until(async () => (await store.deliveryCount('we-1')) === 2, 'both changes of C1 to be queued');

    // The offset is lost (as if the commit that moved it had not happened): the next change makes
    // the enqueuers read every change again, and only the new one is queued.
    await documents.commit([{ kind: 'delete', collection: OFFSETS, id: ChangeStreamName.Shipments }]);
    await append(change(4));
    await until(
      async () => (await store.offset()) === (await runtime.changes.head(ChangeStreamName.Shipments)),
      'the offset to reach the head',
    );
    const ids = (await runtime.changes.read<ShipmentChange>(ChangeStreamName.Shipments, undefined, 10))
      .filter((c) => c.customerId === 'C1')
      .map((c) => deliveryId('we-1', changeKeyOf(c.id)));
    const members = await store.deliveryMembers('we-1', undefined, 10);
    expect(members.map((m) => m.slice(m.lastIndexOf('|') + 1))).toEqual(ids);
    expect((await store.deliveries(ids)).map((d) => JSON.parse(d!.body).milestone.eventId)).toEqual(['e1', 'e3', 'e4']);
    await Promise.all(instances.map((i) => i.dispose()));
    await runtime.dispose();
  });
});
