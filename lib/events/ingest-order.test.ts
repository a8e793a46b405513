import { silentLogger } from '../logger';
import { signal } from '../testing/signal';
import { createMemoryRuntime } from '../runtime/memory-runtime';
import type { CanonicalEvent } from './types';
import { EventType } from './types';

const ev = (id: string, type: EventType, subject: string, data: Record<string, unknown>): CanonicalEvent => ({
  specversion: '1.0',
  id,
  source: `urn:${type.split('.')[0]}:order-test`,
  type,
  time: '2026-11-01T10:00:00Z',
  subject,
  data,
});

describe('Ingestor', () => {
  it('stores a batch in request order, runs of plain events and ownership claims alike', async () => {
    const runtime = createMemoryRuntime(silentLogger);
    const batch = [
      ev('s1', EventType.InTransit, 'SHP-1', {}),
      ev('o1', EventType.OrderCreated, 'ORD-1', { number: 'SO-1', customer: { id: 'C1', name: 'C' }, lines: [{ sku: 'A', quantity: 1 }] }),
      ev('s2', EventType.InTransit, 'SHP-2', {}),
      ev('s1', EventType.InTransit, 'SHP-1', {}),
      { not: 'an event' },
      ev('r1', EventType.OrderReleased, 'ORD-1', { shipments: [{ id: 'SHP-1', number: 'SH-1', warehouseId: 'W' }] }),
      ev('s3', EventType.InTransit, 'SHP-1', {}),
    ];
    const results = await runtime.pipeline.ingestor.ingest(batch);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'duplicate', 'rejected', 'accepted', 'accepted']);
    const stored = await runtime.pipeline.log.read(undefined, 10);
    expect(stored.map((e) => e.event.id)).toEqual(['s1', 'o1', 's2', 'r1', 's3']);
    expect(stored.map((e) => e.position)).toEqual(results.filter((r) => r.status === 'accepted').map((r) => r.position));
    await runtime.dispose();
  });
});

describe('the door for lower classes', () => {
  it('stores at most LADING_SYNC_MAX_INFLIGHT requests without a real-time event at once; a real-time one always passes', async () => {
    const runtime = createMemoryRuntime(silentLogger, { syncMaxInFlight: 1 });
    const log = runtime.pipeline.log;
    const append = log.append.bind(log);
    const gate = signal();
    log.append = async (...args) => (await gate.promise, append(...args));
    const outside = {};
    const first = runtime.pipeline.ingestor.ingest([ev('b1', EventType.InTransit, 'SHP-1', { location: 'A' })], outside);
    await expect(
      runtime.pipeline.ingestor.ingest([ev('b2', EventType.InTransit, 'SHP-2', { location: 'B' })], outside),
    ).rejects.toMatchObject({
      syncClass: 'bulk',
      retryAfterSeconds: 1,
      message: expect.stringContaining('requests without a real-time event are being stored already'),
    });
    const realtime = runtime.pipeline.ingestor.ingest([ev('r1', EventType.EtaUpdated, 'SHP-3', { eta: '2026-11-02T10:00:00Z' })], outside);
    gate.fire();
    expect((await first).map((r) => r.status)).toEqual(['accepted']);
    expect((await realtime).map((r) => r.status)).toEqual(['accepted']);
    // Its room is back once the first is stored; Lading's own reactions never count.
    expect((await runtime.pipeline.ingestor.ingest([ev('b2', EventType.InTransit, 'SHP-2', { location: 'B' })], outside))[0].status).toBe(
      'accepted',
    );
    await runtime.dispose();
  });
});
