import type { ConsumeOptions, EventLog } from '../lib/events/event-log';
import type { LoggedEvent } from '../lib/events/types';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { signal } from '../lib/testing/signal';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { until } from './support/until';

const BULK_LIMIT_MS = 30_000;
/** More scans than a lane takes up at once: a single lane would be stuck behind them. */
const BACKLOG = 300;

/** Every consumer of `log` applies in-transit scans only once the gate opens: a bulk class that has fallen behind. */
function gateBulk(log: EventLog): () => void {
  const gate = signal();
  const consume = log.consume.bind(log);
  const waitIfBulk = async (entries: LoggedEvent[]) => {
    if (entries.some((e) => e.event.type === EventType.InTransit)) await gate.promise;
  };
  log.consume = (group: string, handler: (entry: LoggedEvent) => Promise<void>, options: ConsumeOptions) =>
    consume(group, async (entry) => (await waitIfBulk([entry]), handler(entry)), {
      ...options,
      handleMany: options.handleMany && (async (entries) => (await waitIfBulk(entries), options.handleMany!(entries))),
    });
  return gate.fire;
}

describe('synchronisation classes through the gateway', () => {
  const clock = { at: Date.now(), now: () => clock.at };
  let t: TestStack;
  let openGate: () => void;
  let integration: string;
  let rep: string;
  const base = () => t.gatewayUrl.replace(/\/graphql$/, '');

  beforeAll(async () => {
    const runtime = createMemoryRuntime(silentLogger, {
      clock,
      syncLagLimits: { realtime: 1_000, near_realtime: 10_000, bulk: BULK_LIMIT_MS },
    });
    openGate = gateBulk(runtime.pipeline.log);
    t = await startTestStack(runtime);
    integration = await t.token(Role.Integration);
    rep = await t.token(Role.ServiceRep);
    await t.ingest([...orderWithShipments('ORD-SC1', 'CUST-1', ['SHP-BUSY']), ...orderWithShipments('ORD-SC2', 'CUST-1', ['SHP-QUIET'])]);
  });

  afterAll(async () => {
    openGate();
    await t.dispose();
  });

  const scans = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      event(EventType.InTransit, 'SHP-BUSY', { location: `Hub ${i}` }, `2026-11-01T10:${String(i % 60).padStart(2, '0')}:00Z`),
    );
  const ready = async () => (await (await fetch(`${base()}/health/ready`)).json()) as { details: { sync: any[] } };
  const bulkState = async () => (await ready()).details.sync.find((c) => c.syncClass === 'bulk');

  it('applies a real-time event of a quiet shipment while a bulk backlog is queued, then pushes bulk senders back with 429', async () => {
    expect((await t.postEvents(scans(BACKLOG), integration)).status).toBe(202);
    const exception = event(
      EventType.ExceptionRaised,
      'SHP-QUIET',
      { exceptionId: 'EX-1', reasonCode: 'WEATHER', message: 'storm' },
      '2026-11-01T11:00:00Z',
    );
    expect((await t.postEvents([exception], integration)).status).toBe(202);
    // Visible through the graph while every scan still waits at the gate.
    await until(async () => {
      const { body } = await t.graphql('{ shipment(id: "SHP-QUIET") { exception { reasonCode } } }', {}, rep);
      return body.data?.shipment?.exception?.reasonCode === 'WEATHER';
    }, 'the quiet shipment to show its exception');
    clock.at += 1_000; // readings are at most a second old
    expect((await bulkState()).backlog).toBe(BACKLOG);

    // The backlog ages past the bulk limit: readiness reports it, and bulk-only requests are refused.
    clock.at += BULK_LIMIT_MS + 5_000;
    const stale = await bulkState();
    expect(stale).toMatchObject({ stale: true, throttled: true, limitSeconds: 30 });
    expect(stale.lagSeconds).toBeGreaterThan(30);
    const refused = await fetch(`${base()}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${integration}` },
      body: JSON.stringify(scans(1)),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await refused.json()) as any;
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0].message).toContain('bulk');

    // Real-time is never pushed back, even in a request with bulk beside it.
    const delivered = event(EventType.Delivered, 'SHP-QUIET', { signedBy: 'J. Doe' }, '2026-11-01T12:00:00Z');
    expect((await t.postEvents([delivered, ...scans(1)], integration)).status).toBe(202);

    const metrics = await (await fetch(`${base()}/metrics`)).text();
    expect(metrics).toMatch(/lading_sync_throttled\{class="bulk",service="gateway"\} 1\n/);
    expect(metrics).toMatch(/lading_sync_throttled\{class="realtime",service="gateway"\} 0\n/);
    expect(metrics).toMatch(/lading_ingest_throttled_total\{class="bulk",service="gateway"\} 1\n/);
    const panel = await fetch(`${base()}/operations/sync`, { headers: { authorization: `Bearer ${rep}` } });
    expect(((await panel.json()) as any).classes.find((c: any) => c.syncClass === 'bulk')).toMatchObject({
      throttled: true,
      refusedRequests: 1,
    });

    // Once the backlog drains, bulk is accepted again.
    openGate();
    await t.runtime.pipeline.idle();
    // Readings are at most a second old.
    clock.at += 1_000;
    expect(await bulkState()).toMatchObject({ backlog: 0, throttled: false });
    expect((await t.postEvents(scans(1), integration)).status).toBe(202);
  });

  it('shows the freshness panel to service reps only', async () => {
    const refused = await fetch(`${base()}/operations/sync`, { headers: { authorization: `Bearer ${integration}` } });
    expect(refused.status).toBe(403);
  });
});
