import type { Clock } from '../clock';
import { ErrorCode } from '../errors';
import type { DocumentStore } from '../store/document-store';
import { UnitOfWork } from '../store/unit-of-work';
import type { ChangeStreams, Stamped } from './change-stream';
import { ChangeStreamName } from './change-stream';
import { UpdatesMissedError } from './updates-missed';
import { changeCovered, changeKeyOf } from './change-ids';

/** The retention every implementation is made with here. */
export const CONTRACT_RETENTION_MS = 60_000;

export interface ChangeStreamFixture {
  /** A store whose commits append to `changes`. */
  store: DocumentStore;
  changes: ChangeStreams;
  cleanup: () => Promise<void>;
}

const S = ChangeStreamName.Shipments;
type Note = { n: number };

/** Behaviour every ChangeStreams implementation shares; test/change-stream.test.ts runs it against each. */
export function changeStreamContract(name: string, make: (clock: Clock) => Promise<ChangeStreamFixture>): void {
  describe(`change stream contract: ${name}`, () => {
    let fixture: ChangeStreamFixture;
    let now: number;

    beforeEach(async () => {
      now = Date.now();
      fixture = await make({ now: () => now });
    });

    afterEach(() => fixture.cleanup());

    // One aggregate's commits (route `r`) are one partition's: in commit order. Other routes may be other partitions.
    const appendTo = async (route: string, ...ns: number[]) => {
      const uow = new UnitOfWork(fixture.store);
      for (const n of ns) uow.append(S, { n } satisfies Note, route);
      uow.put('docs', `d${ns[0]}`, { n: ns[0] }, route);
      expect(await uow.commit()).toBe(true);
    };
    const append = (...ns: number[]) => appendTo('r', ...ns);
    const ns = (entries: Stamped<Note>[]) => entries.map((e) => e.n);

    it('appends with the commit, in commit order per aggregate, each id a cursor that covers what came before it', async () => {
      expect(await fixture.changes.head(S)).toBeNull();
      expect(await fixture.changes.read(S, undefined, 10)).toEqual([]);
      await append(1, 2);
      await append(3);
      const all = await fixture.changes.read<Note>(S, undefined, 10);
      expect(ns(all)).toEqual([1, 2, 3]);
      expect(new Set(all.map((e) => changeKeyOf(e.id))).size).toBe(3);
      expect(changeCovered(all[0].id, all[1].id) && changeCovered(all[1].id, all[2].id)).toBe(true);
      expect(changeCovered(all[2].id, all[1].id)).toBe(false);
      expect(changeCovered(all[2].id, (await fixture.changes.head(S))!)).toBe(true);
      expect(ns(await fixture.changes.read<Note>(S, all[0].id, 1))).toEqual([2]);
      expect(ns(await fixture.changes.read<Note>(S, all[1].id, 10))).toEqual([3]);
      expect(await fixture.changes.read(S, all[2].id, 10)).toEqual([]);
      expect(await fixture.store.getMany('docs', ['d1', 'd3'], 'r')).toEqual([{ n: 1 }, { n: 3 }]);
    });

    it('reads the changes of many aggregates (partitions) page by page, each exactly once, each aggregate in order', async () => {
      const routes = Array.from({ length: 8 }, (_, i) => `shipment-${i}`);
      for (let round = 0; round < 3; round++) for (const [i, route] of routes.entries()) await appendTo(route, round * 100 + i);
      const seen: number[] = [];
      let cursor: string | undefined;
      for (let page; (page = await fixture.changes.read<Note>(S, cursor, 5)).length > 0;) {
        seen.push(...ns(page));
        cursor = page[page.length - 1].id;
      }
      expect([...seen].sort((a, b) => a - b)).toEqual(routes.flatMap((_, i) => [i, 100 + i, 200 + i]).sort((a, b) => a - b));
      for (const i of routes.keys()) expect(seen.filter((n) => n % 100 === i)).toEqual([i, 100 + i, 200 + i]);
      // A cursor taken half way resumes with exactly the rest.
      const all = await fixture.changes.read<Note>(S, undefined, 100);
      const rest = await fixture.changes.read<Note>(S, all[10].id, 100);
      expect(ns(rest).sort()).toEqual(ns(all.slice(11)).sort());
    });

    it('appends nothing when the commit fails its precondition', async () => {
      await append(1);
      const stale = new UnitOfWork(fixture.store);
      await stale.get('docs', 'd1', 'r');
      // d1 changed meanwhile: the stale unit's read no longer holds.
      await fixture.store.commit([{ kind: 'put', collection: 'docs', id: 'd1', doc: { n: 2 }, route: 'r' }]);
      stale.append(S, { n: 99 }, 'r');
      stale.put('docs', 'd1', { n: 99 }, 'r');
      expect(await stale.commit()).toBe(false);
      expect(ns(await fixture.changes.read<Note>(S, undefined, 10))).toEqual([1]);
    });

    it('tells followers of every entry committed after following began, in commit order', async () => {
      await append(0);
      const heard: number[] = [];
      let reached: () => void = () => undefined;
      const all = new Promise<void>((resolve) => (reached = resolve));
      const stop = await fixture.changes.follow<Note>(S, (entries) => {
        for (const e of entries) heard.push(e.n);
        if (heard.includes(4)) reached();
      });
      expect(fixture.changes.followers(S)).toBe(1);
      await append(1, 2);
      await append(3);
      await append(4);
      await all;
      expect(heard.filter((n) => n > 0)).toEqual([1, 2, 3, 4]);
      stop();
      expect(fixture.changes.followers(S)).toBe(0);
    });

    it('trims entries past retention; a reader after a trimmed id gets UPDATES_MISSED with where to resume', async () => {
      await append(1);
      await append(2);
      const [first, second] = await fixture.changes.read<Note>(S, undefined, 10);
      now += CONTRACT_RETENTION_MS + 60_000;
      await append(3);
      // From the start means from the oldest entry kept: nothing to miss.
      const kept = await fixture.changes.read<Note>(S, undefined, 10);
      expect(ns(kept)).toEqual([3]);
      const missed = await fixture.changes.read(S, first.id, 10).catch((error: unknown) => error);
      expect(missed).toBeInstanceOf(UpdatesMissedError);
      expect((missed as UpdatesMissedError).extensions.code).toBe(ErrorCode.UpdatesMissed);
      expect(typeof (missed as UpdatesMissedError).extensions.lastCursor).toBe('string');
      const resumeAfter = (missed as UpdatesMissedError).resumeAfter;
      expect(changeCovered(second.id, resumeAfter) && !changeCovered(kept[0].id, resumeAfter)).toBe(true);
      expect(ns(await fixture.changes.read<Note>(S, resumeAfter, 10))).toEqual([3]);
    });

    it('refuses a malformed cursor as the caller’s error', async () => {
      await expect(fixture.changes.read(S, 'not-an-id', 10)).rejects.toMatchObject({ extensions: { code: ErrorCode.BadUserInput } });
    });
  });
}
