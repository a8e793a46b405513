import type { Clock } from '../clock';
import { ErrorCode } from '../errors';
import type { DocumentStore } from '../store/document-store';
import { UnitOfWork } from '../store/unit-of-work';
import type { ChangeStreams, Stamped } from './change-stream';
import { ChangeStreamName } from './change-stream';
import { UpdatesMissedError } from './updates-missed';

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

    const append = async (...ns: number[]) => {
      const uow = new UnitOfWork(fixture.store);
      for (const n of ns) uow.append(S, { n } satisfies Note);
      uow.put('docs', `d${ns[0]}`, { n: ns[0] });
      expect(await uow.commit()).toBe(true);
    };
    const ns = (entries: Stamped<Note>[]) => entries.map((e) => e.n);

    it('appends with the commit, ids in commit order that order lexically, read after a cursor a page at a time', async () => {
      expect(await fixture.changes.head(S)).toBeNull();
      expect(await fixture.changes.read(S, undefined, 10)).toEqual([]);
      await append(1, 2);
      await append(3);
      const all = await fixture.changes.read<Note>(S, undefined, 10);
      expect(ns(all)).toEqual([1, 2, 3]);
      expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort());
      expect(new Set(all.map((e) => e.id)).size).toBe(3);
      expect(await fixture.changes.head(S)).toBe(all[2].id);
      expect(ns(await fixture.changes.read<Note>(S, all[0].id, 1))).toEqual([2]);
      expect(ns(await fixture.changes.read<Note>(S, all[1].id, 10))).toEqual([3]);
      expect(await fixture.changes.read(S, all[2].id, 10)).toEqual([]);
      expect(await fixture.store.getMany('docs', ['d1', 'd3'])).toEqual([{ n: 1 }, { n: 3 }]);
    });

    it('appends nothing when the commit fails its precondition', async () => {
      await append(1);
      const stale = new UnitOfWork(fixture.store);
      await stale.get('docs', 'd1');
      // d1 changed meanwhile: the stale unit's read no longer holds.
      await fixture.store.commit([{ kind: 'put', collection: 'docs', id: 'd1', doc: { n: 2 } }]);
      stale.append(S, { n: 99 });
      stale.put('docs', 'd1', { n: 99 });
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
      expect(resumeAfter >= second.id && resumeAfter < kept[0].id).toBe(true);
      expect(ns(await fixture.changes.read<Note>(S, resumeAfter, 10))).toEqual([3]);
    });

    it('refuses a malformed cursor as the caller’s error', async () => {
      await expect(fixture.changes.read(S, 'not-an-id', 10)).rejects.toMatchObject({ extensions: { code: ErrorCode.BadUserInput } });
    });
  });
}
