import { appliedCollection, appliedMarker } from '../events/applied-markers';
import { generationsAt } from '../events/retention';
import { EventType, eventKey } from '../events/types';
import { Role } from '../identity/identity';
import { MemoryDocumentStore } from '../store/memory-document-store';
import { eventApplicationResolvers } from './event-application-resolver';

const RETENTION = 24 * 3_600_000;
const rep = () => ({ identity: { sub: 'rep', role: Role.ServiceRep, customerId: null } });
const consumesPicks = (type: EventType) => type === EventType.PickConfirmed;

/** A store whose applied marker reads are counted, with one event applied at position 7 after a hold. */
async function storeWithMarker() {
  const store = new MemoryDocumentStore();
  const applied = { source: 'urn:wms:dc-east', id: 'e-1' };
  const marker = appliedMarker('0000000007', { heldAt: '2026-11-01T09:00:00Z', reason: 'waiting for erp.order.released' });
  const current = generationsAt(Date.now(), RETENTION).current;
  await store.commit([{ kind: 'put', collection: appliedCollection(current), id: eventKey(applied), doc: marker }]);
  const reads: string[][] = [];
  const getMany = store.getMany.bind(store);
  store.getMany = (collection, ids) => {
    reads.push([...ids]);
    return getMany(collection, ids);
  };
  return { store, applied, marker, reads };
}

describe("a subgraph's answer to an event trace", () => {
  it('gives its applied marker for a type it consumes', async () => {
    const { store, applied, marker } = await storeWithMarker();
    const resolve = eventApplicationResolvers('warehouse', consumesPicks, store, RETENTION).EventTrace.warehouseApplication;
    expect(await resolve({ ...applied, type: EventType.PickConfirmed }, {}, rep())).toEqual({
      consumes: true,
      appliedAt: marker.appliedAt,
      position: '0000000007',
      heldAt: '2026-11-01T09:00:00Z',
      heldReason: 'waiting for erp.order.released',
    });
    const pending = await resolve({ source: 'urn:wms:dc-east', id: 'e-2', type: EventType.PickConfirmed }, {}, rep());
    expect(pending).toEqual({ consumes: true, appliedAt: null, position: null, heldAt: null, heldReason: null });
  });

  it('says it does not consume a type without reading its store, and so for a type that is no event type', async () => {
    const { store, applied, reads } = await storeWithMarker();
    const resolve = eventApplicationResolvers('warehouse', consumesPicks, store, RETENTION).EventTrace.warehouseApplication;
    for (const type of [EventType.Delivered, 'not.a.type', null])
      expect((await resolve({ ...applied, type }, {}, rep())).consumes).toBe(false);
    expect(reads).toEqual([]);
  });

  it('reads the markers of one request together, and never across requests', async () => {
    const { store, reads } = await storeWithMarker();
    const resolve = eventApplicationResolvers('warehouse', consumesPicks, store, RETENTION).EventTrace.warehouseApplication;
    const request = rep();
    const traces = ['e-1', 'e-2', 'e-3'].map((id) => ({ source: 'urn:wms:dc-east', id, type: EventType.PickConfirmed }));
    await Promise.all(traces.map((trace) => resolve(trace, {}, request)));
    // One read per live generation, each with every key.
    expect(reads).toHaveLength(3);
    for (const ids of reads) expect(ids).toHaveLength(3);
    await resolve(traces[0], {}, rep());
    expect(reads).toHaveLength(6);
  });

  it('answers service reps only', async () => {
    const { store, applied } = await storeWithMarker();
    const resolve = eventApplicationResolvers('warehouse', consumesPicks, store, RETENTION).EventTrace.warehouseApplication;
    const customer = { identity: { sub: 'c', role: Role.Customer, customerId: 'CUST-1' } };
    await expect(resolve({ ...applied, type: EventType.PickConfirmed }, {}, customer)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(resolve({ ...applied, type: EventType.PickConfirmed }, {}, { identity: null })).rejects.toBeDefined();
  });
});
