import { signal } from '../testing/signal';
import { until } from '../testing/until';
import { contentHash } from './content-hash';
import type { EventLog } from './event-log';
import type { CanonicalEvent, LoggedEvent } from './types';
import { EventType } from './types';

let seq = 0;
export function logTestEvent(id = `e-${++seq}`, location = 'x'): CanonicalEvent {
  return {
    specversion: '1.0',
    id,
    source: 'urn:test',
    type: EventType.InTransit,
    time: '2026-11-01T10:00:00Z',
    subject: 'S',
    data: { location },
  };
}

const append = (log: EventLog, event: CanonicalEvent) => log.append(event, contentHash(event));
const noGiveUp = { maxAttempts: 3, onGiveUp: async () => undefined };

/**
 * Behaviour every EventLog shares; test/event-log.test.ts runs it against each. Several consumers
 * of one group (several instances) exist only in Redis mode and are tested there.
 */
export function eventLogContract(name: string, make: () => Promise<{ log: EventLog; cleanup: () => Promise<void> }>): void {
  describe(`EventLog contract: ${name}`, () => {
    let log: EventLog;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ log, cleanup } = await make());
    });

    afterEach(() => cleanup());

    it('stores an event once: duplicate for the same content, conflict for other content', async () => {
      const event = logTestEvent();
      expect((await append(log, event)).status).toBe('accepted');
      expect((await append(log, event)).status).toBe('duplicate');
      expect((await append(log, { ...event, data: { location: 'elsewhere' } })).status).toBe('conflict');
      expect(await log.read(undefined, 10)).toHaveLength(1);
    });

    it('keeps order and deduplication among events appended at the same moment', async () => {
      const first = logTestEvent();
      const second = logTestEvent();
      // Issued together (one script call in Redis mode), a duplicate and a conflict among them.
      const outcomes = await Promise.all([
        append(log, first),
        append(log, second),
        append(log, first),
        append(log, { ...second, data: { location: 'elsewhere' } }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'accepted', 'duplicate', 'conflict']);
      expect((await log.read(undefined, 10)).map((e) => e.event.id)).toEqual([first.id, second.id]);
    });

    it('gives positions that increase and order lexically, and reads after a position exclusively', async () => {
      const positions: string[] = [];
      for (let i = 0; i < 12; i++) {
        const outcome = await append(log, logTestEvent());
        if (outcome.status === 'accepted') positions.push(outcome.entry.position);
      }
      expect([...positions].sort()).toEqual(positions);
      expect(new Set(positions).size).toBe(12);
      const after = await log.read(positions[9], 10);
      expect(after.map((e) => e.position)).toEqual(positions.slice(10));
    });

    it('delivers every entry, in order, to each group independently', async () => {
      const events = [logTestEvent(), logTestEvent(), logTestEvent()];
      for (const e of events) await append(log, e);
      const a: string[] = [];
      const b: string[] = [];
      const ca = log.consume('group-a', async (entry) => void a.push(entry.event.id), noGiveUp);
      const cb = log.consume('group-b', async (entry) => void b.push(entry.event.id), noGiveUp);
      await append(log, events[0]); // a duplicate is never delivered again
      const late = logTestEvent();
      await append(log, late);
      await ca.idle();
      await cb.idle();
      expect(a).toEqual([...events, late].map((e) => e.id));
      expect(b).toEqual(a);
      await ca.dispose();
      await cb.dispose();
    });

    it("reports a group's backlog and the age of its oldest unhandled entry", async () => {
      const events = [logTestEvent(), logTestEvent(), logTestEvent()];
      for (const e of events) await append(log, e);
      const before = await log.progress('group-progress');
      expect(before.backlog).toBe(3);
      expect(before.oldestRecordedAt).toBe((await log.read(undefined, 1))[0].recordedAt);
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const handled: string[] = [];
      const consumption = log.consume(
        'group-progress',
        async (entry) => {
          if (entry.event.id === events[2].id) await gate;
          handled.push(entry.event.id);
        },
        noGiveUp,
      );
      // Two handled, the third in the handler: still counted until it is done.
      await until(() => handled.length >= 2, 'the first two entries to be handled');
      // Acknowledgements go out a moment after handling: the backlog reaches 1, the entry in the handler.
      await until(async () => (await log.progress('group-progress')).backlog === 1, 'the backlog to be the one entry in the handler');
      release();
      await consumption.idle();
      expect(await log.progress('group-progress')).toEqual({ backlog: 0, oldestRecordedAt: null });
      await consumption.dispose();
    });

    it('retries a failing entry, gives up after maxAttempts, and goes on with the next', async () => {
      const poison = logTestEvent('poison');
      const next = logTestEvent();
      await append(log, poison);
      await append(log, next);
      let attempts = 0;
      const handled: string[] = [];
      const givenUp: LoggedEvent[] = [];
      const consumption = log.consume(
        'group-retry',
        async (entry) => {
          if (entry.event.id === 'poison') {
            attempts++;
            throw new Error('boom');
          }
          handled.push(entry.event.id);
        },
        { maxAttempts: 3, onGiveUp: async (entry) => void givenUp.push(entry) },
      );
      await consumption.idle();
      expect(attempts).toBe(3);
      expect(givenUp.map((e) => e.event.id)).toEqual(['poison']);
      expect(handled).toEqual([next.id]);
      await consumption.dispose();
    });

    it('handles other aggregates while one is busy, and one aggregate in log order', async () => {
      const on = (subject: string, id: string): CanonicalEvent => ({ ...logTestEvent(id), subject });
      for (const e of [on('A', 'a1'), on('A', 'a2'), on('B', 'b1')]) await append(log, e);
      const order: string[] = [];
      let bHandled!: () => void;
      const b = new Promise<void>((resolve) => (bHandled = resolve));
      const consumption = log.consume(
        'group-partitions',
        async (entry) => {
          // a1 can only finish once b1 is handled: a consumer that waits for a1 first never gets there.
          if (entry.event.id === 'a1')
            await Promise.race([b, new Promise((_, reject) => setTimeout(() => reject(new Error('b1 never ran beside a1')), 30_000))]);
          order.push(entry.event.id);
          if (entry.event.id === 'b1') bHandled();
        },
        noGiveUp,
      );
      await consumption.idle();
      expect(order).toEqual(['b1', 'a1', 'a2']);
      await consumption.dispose();
    });

    /** More bulk entries than any consumption takes up at once, so they fill the bulk lane's room. */
    const BACKLOG = 600;
    const bulk = (subject: string, id: string): CanonicalEvent => ({ ...logTestEvent(id), type: EventType.InTransit, subject });
    const realtime = (subject: string, id: string): CanonicalEvent => ({ ...logTestEvent(id), type: EventType.ExceptionRaised, subject });

    it('applies a real-time entry of another aggregate while a bulk backlog waits', async () => {
      for (let i = 0; i < BACKLOG; i++) await append(log, bulk(`B${i}`, `bulk-${i}`));
      await append(log, realtime('Q', 'milestone'));
      const gate = signal();
      const milestone = signal();
      const handled: string[] = [];
      const consumption = log.consume(
        'group-lanes',
        async (entry) => {
          if (entry.event.type === EventType.InTransit) await gate.promise;
          handled.push(entry.event.id);
          if (entry.event.id === 'milestone') milestone.fire();
        },
        noGiveUp,
      );
      await milestone.promise;
      // Nothing of the backlog could finish before the milestone: the gate was still closed.
      expect(handled).toEqual(['milestone']);
      gate.fire();
      await consumption.idle();
      expect(handled).toHaveLength(BACKLOG + 1);
      await consumption.dispose();
    });

    it("keeps one aggregate's log order across lanes: a real-time entry pulls its aggregate's earlier bulk entries forward", async () => {
      for (let i = 0; i < BACKLOG; i++) await append(log, bulk(`B${i}`, `bulk-${i}`));
      for (const e of [bulk('A', 'a-scan-1'), realtime('A', 'a-exception'), bulk('A', 'a-scan-2'), realtime('A', 'a-resolved')])
        await append(log, e);
      const gate = signal();
      const aDone = signal();
      const ofA: string[] = [];
      const consumption = log.consume(
        'group-lane-order',
        async (entry) => {
          if (entry.event.subject !== 'A') return gate.promise;
          ofA.push(entry.event.id);
          if (entry.event.id === 'a-resolved') aDone.fire();
        },
        noGiveUp,
      );
      await aDone.promise;
      // The backlog ahead of A's scans is still gated: the scans were applied ahead of it, in order.
      expect(ofA.slice(0, 4)).toEqual(['a-scan-1', 'a-exception', 'a-scan-2', 'a-resolved']);
      gate.fire();
      await consumption.idle();
      await consumption.dispose();
    });

    it('passes over the entries of types a group ignores, reporting them as skipped', async () => {
      const ignored = { ...logTestEvent(), type: EventType.InventoryAdjusted };
      const kept = logTestEvent();
      await append(log, ignored);
      await append(log, kept);
      const handled: string[] = [];
      const skipped: string[] = [];
      const consumption = log.consume('group-relevant', async (entry) => void handled.push(entry.event.id), {
        ...noGiveUp,
        relevant: (type) => type !== EventType.InventoryAdjusted,
        skipped: (type) => void skipped.push(type),
      });
      await consumption.idle();
      expect(handled).toEqual([kept.id]);
      expect(skipped).toEqual([EventType.InventoryAdjusted]);
      expect((await log.progress('group-relevant')).backlog).toBe(0);
      await consumption.dispose();
    });

    it('idle resolves at once when there is nothing to do', async () => {
      const consumption = log.consume('group-empty', async () => undefined, noGiveUp);
      await consumption.idle();
      await consumption.dispose();
    });

    it('idle also waits for entries appended while handling (reactions)', async () => {
      const handled: string[] = [];
      const consumption = log.consume(
        'group-react',
        async (entry) => {
          handled.push(entry.event.id);
          if (entry.event.id === 'cause') await append(log, logTestEvent('reaction'));
        },
        noGiveUp,
      );
      await append(log, logTestEvent('cause'));
      await consumption.idle();
      expect(handled).toEqual(['cause', 'reaction']);
      await consumption.dispose();
    });

    it('reappends without deduplication, at a new position', async () => {
      const event = logTestEvent();
      const first = await append(log, event);
      const again = await log.reappend(event);
      const entries = await log.read(undefined, 10);
      expect(entries.map((e) => e.event)).toEqual([event, event]);
      expect(first.status === 'accepted' && first.entry.position < again.position).toBe(true);
      expect(entries[1].position).toBe(again.position);
    });

    it('keeps the trace an entry was appended in with it, and nothing when there was none', async () => {
      const traced = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const replayed = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const accepted = await log.append(logTestEvent('traced'), 'h1', traced);
      await log.append(logTestEvent('untraced'), 'h2');
      await log.reappend(logTestEvent('replayed'), replayed);
      expect(accepted.status === 'accepted' && accepted.entry.ingestTraceparent).toBe(traced);
      const delivered: LoggedEvent[] = [];
      const consumption = log.consume('group-trace', async (entry) => void delivered.push(entry), noGiveUp);
      await consumption.idle();
      await consumption.dispose();
      for (const entries of [await log.read(undefined, 10), delivered]) {
        expect(entries.map((e) => [e.event.id, e.ingestTraceparent])).toEqual([
          ['traced', traced],
          ['untraced', undefined],
          ['replayed', replayed],
        ]);
      }
    });

    it('delivers nothing more after dispose', async () => {
      const handled: string[] = [];
      const consumption = log.consume('group-stop', async (entry) => void handled.push(entry.event.id), noGiveUp);
      await append(log, logTestEvent('before'));
      await consumption.idle();
      await consumption.dispose();
      await append(log, logTestEvent('after'));
      // A consumer of another group handles 'after': one still running in the disposed one would have seen it too.
      const witnessed: string[] = [];
      const witness = log.consume('group-stop-witness', async (entry) => void witnessed.push(entry.event.id), noGiveUp);
      await witness.idle();
      await witness.dispose();
      expect(witnessed).toContain('after');
      expect(handled).toEqual(['before']);
    });

    it('keeps an entry whose dead letter could not be stored, and delivers it again later', async () => {
      const poison = logTestEvent('poison-twice');
      await append(log, poison);
      let giveUps = 0;
      const consumption = log.consume(
        'group-give-up',
        async () => {
          throw new Error('boom');
        },
        {
          maxAttempts: 1,
          onGiveUp: async () => {
            giveUps++;
            if (giveUps === 1) throw new Error('dead-letter store unavailable');
          },
        },
      );
      await until(() => giveUps >= 2, 'the entry to be given up a second time');
      expect(giveUps).toBe(2);
      await consumption.idle();
      await consumption.dispose();
    });
  });
}
