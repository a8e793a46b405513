import type { DeadLetter } from '../../../lib/events/dead-letters';
import type { EventApplication } from '../../../lib/events/event-application';
import type { HeldEvent } from '../../../lib/events/held-events';
import type { LoggedEvent } from '../../../lib/events/types';
import { EventType } from '../../../lib/events/types';
import type { TraceLog } from './event-trace';
import { subgraphTraces } from './subgraph-traces';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-02T12:00:00Z');

const entry = (position: string, recordedAt: string): LoggedEvent => ({
  position,
  recordedAt,
  event: {
    specversion: '1.0',
    id: 'e-1',
    source: 'urn:wms:dc-east',
    type: EventType.PickConfirmed,
    subject: 'SHP-1',
    time: '2026-11-02T09:00:00Z',
    data: { warehouseId: 'DC-1' },
  },
});
const FIRST = entry('0000000010', '2026-11-02T09:00:05Z');
const REPLAY = entry('0000000020', '2026-11-02T10:00:00Z');

const answer = (over: Partial<EventApplication> = {}): EventApplication => ({
  consumes: true,
  appliedAt: null,
  position: null,
  heldAt: null,
  heldReason: null,
  ...over,
});
const APPLIED = answer({ appliedAt: '2026-11-02T09:00:10Z', position: FIRST.position });
const HELD: HeldEvent = {
  key: 'urn:wms:dc-east|e-1',
  entry: FIRST,
  aggregate: 'SHP-1',
  reason: 'waiting for erp.order.released',
  heldAt: '2026-11-02T09:00:06Z',
  consumers: ['warehouse'],
  member: '',
};
const LETTER: DeadLetter = {
  id: 'dl-1',
  eventId: 'e-1',
  source: 'urn:wms:dc-east',
  type: EventType.PickConfirmed,
  subject: 'SHP-1',
  reason: 'orphan',
  raw: '{}',
  consumer: 'warehouse',
  deadAt: '2026-11-02T09:30:00Z',
};

const log = (over: Partial<TraceLog> = {}): TraceLog => ({ entries: [FIRST], held: null, letters: [], ...over });
const steps = (trace: { steps: { outcome: string }[] }) => trace.steps.map((s) => s.outcome);

describe('the per-subgraph list of a trace', () => {
  it.each<[string, TraceLog, EventApplication, string, string[]]>([
    ['applied', log(), APPLIED, 'APPLIED', ['APPLIED']],
    ['held, then applied', log(), { ...APPLIED, heldAt: '2026-11-02T09:00:06Z', heldReason: 'waiting' }, 'APPLIED', ['HELD', 'APPLIED']],
    ['held now', log({ held: HELD }), answer(), 'HELD', ['HELD']],
    ['dead-lettered', log({ letters: [LETTER] }), answer(), 'DEAD_LETTERED', ['DEAD_LETTERED']],
    [
      'dead-lettered, replayed, not applied yet',
      log({ letters: [{ ...LETTER, replayedAt: '2026-11-02T09:40:00Z' }] }),
      answer(),
      'PENDING',
      ['DEAD_LETTERED', 'PENDING'],
    ],
    [
      'dead-lettered, replayed and applied',
      log({ entries: [FIRST, REPLAY], letters: [LETTER] }),
      answer({ appliedAt: '2026-11-02T10:00:01Z', position: REPLAY.position }),
      'APPLIED',
      ['DEAD_LETTERED', 'APPLIED'],
    ],
    ['applied, then replayed as a duplicate', log({ entries: [FIRST, REPLAY] }), APPLIED, 'APPLIED', ['APPLIED', 'DUPLICATE']],
    ['not applied yet', log(), answer(), 'PENDING', ['PENDING']],
  ])('%s', (_, traceLog, application, outcome, expected) => {
    const [trace] = subgraphTraces(traceLog, { warehouse: application }, 24 * HOUR, NOW);
    expect(trace.subgraph).toBe('warehouse');
    expect(trace.outcome).toBe(outcome);
    expect(steps(trace)).toEqual(expected);
    expect(trace.appliedAt).toBe(application.appliedAt);
  });

  it('gives the lag from occurrence to application', () => {
    const [trace] = subgraphTraces(log(), { warehouse: APPLIED }, 24 * HOUR, NOW);
    expect(trace.lagSeconds).toBe(10);
  });

  it('says why nothing is known of an event older than the retention window', () => {
    const [trace] = subgraphTraces(log(), { warehouse: answer() }, HOUR, NOW);
    expect(trace.steps.at(-1)?.reason).toBe('no applied marker kept: older than the retention window');
  });

  it('lists, in subgraph order, only those that consume the type', () => {
    const traces = subgraphTraces(
      log(),
      { finance: answer({ consumes: false }), transport: APPLIED, warehouse: APPLIED, orders: answer({ consumes: false }) },
      24 * HOUR,
      NOW,
    );
    expect(traces.map((t) => t.subgraph)).toEqual(['warehouse', 'transport']);
  });

  it('has no list for an event the log never accepted', () => {
    expect(subgraphTraces(log({ entries: [], letters: [LETTER] }), { warehouse: answer() }, 24 * HOUR, NOW)).toEqual([]);
  });
});
