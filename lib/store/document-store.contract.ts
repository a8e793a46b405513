import type { DocumentStore } from './document-store';
import { UnitOfWork } from './unit-of-work';

/** Behaviour every DocumentStore shares; test/document-store.test.ts runs it against each. */
export function documentStoreContract(name: string, make: () => Promise<{ store: DocumentStore; cleanup: () => Promise<void> }>): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let store: DocumentStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await make());
    });

    afterEach(() => cleanup());

    it('reads many documents in key order, null for missing ones', async () => {
      await store.commit([
        { kind: 'put', collection: 'c', id: 'a', doc: { n: 1 } },
        { kind: 'put', collection: 'c', id: 'b', doc: { n: 2 } },
      ]);
      expect(await store.getMany('c', ['b', 'x', 'a'])).toEqual([{ n: 2 }, null, { n: 1 }]);
      expect(await store.getMany('c', [])).toEqual([]);
      expect(await store.getMany('other', ['a'])).toEqual([null]);
    });

    it('ranges an index in lexical order, after an exclusive bound, at most first ids', async () => {
      await store.commit(['b', 'd', 'a', 'c', 'e'].map((id) => ({ kind: 'index' as const, index: 'i', id })));
      expect(await store.range('i', { first: 10 })).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(await store.range('i', { after: 'b', first: 2 })).toEqual(['c', 'd']);
      expect(await store.range('i', { after: 'bb', first: 10 })).toEqual(['c', 'd', 'e']);
      expect(await store.range('i', { after: 'e', first: 10 })).toEqual([]);
      expect(await store.range('i', { first: 0 })).toEqual([]);
      expect(await store.range('missing', { first: 10 })).toEqual([]);
      expect(await store.count('i')).toBe(5);
      await store.commit([{ kind: 'unindex', index: 'i', id: 'c' }]);
      expect(await store.range('i', { first: 10 })).toEqual(['a', 'b', 'd', 'e']);
      expect(await store.count('missing')).toBe(0);
    });

    it('keeps a document with its route: read back with the route, listed across routes in one order', async () => {
      const routes = Array.from({ length: 12 }, (_, i) => `agg-${i}`);
      await store.commit(
        routes.flatMap((route, i) => [
          { kind: 'put' as const, collection: 'facts', id: `${route}|f`, doc: { i }, route },
          { kind: 'index' as const, index: 'all', id: route },
          { kind: 'index' as const, index: `timeline:${route}`, id: `t${i}`, route },
        ]),
      );
      expect(await store.getMany('facts', ['agg-3|f'], 'agg-3')).toEqual([{ i: 3 }]);
      expect(await store.getMany('facts', ['agg-7|f'], 'agg-7')).toEqual([{ i: 7 }]);
      expect(await store.range('timeline:agg-5', { first: 10, route: 'agg-5' })).toEqual(['t5']);
      expect(await store.count('timeline:agg-5', 'agg-5')).toBe(1);
      // Listed without a route: every route's entries, in lexical order, paged with the last id as cursor.
      const sorted = [...routes].sort();
      const pages: string[] = [];
      for (
        let after: string | undefined, page;
        (page = await store.range('all', { after, first: 5 })).length > 0;
        after = page[page.length - 1]
      )
        pages.push(...page);
      expect(pages).toEqual(sorted);
      expect(await store.count('all')).toBe(12);
    });

    it('commits a unit that spans routes: every write of every route, and a failed precondition in one refuses that one', async () => {
      const uow = new UnitOfWork(store);
      for (const route of ['x1', 'x2', 'x3']) uow.put('c', route, { v: 1 });
      expect(await uow.commit()).toBe(true);
      expect(await store.getMany('c', ['x1', 'x2', 'x3'])).toEqual([{ v: 1 }, { v: 1 }, { v: 1 }]);
      const stale = new UnitOfWork(store);
      await stale.getMany('c', ['x1', 'x2']);
      await store.commit([{ kind: 'put', collection: 'c', id: 'x2', doc: { v: 2 } }]);
      stale.put('c', 'x2', { v: 3 });
      expect(await stale.commit()).toBe(false);
      expect(await store.getMany('c', ['x2'])).toEqual([{ v: 2 }]);
    });

    it('writes nothing when a precondition fails', async () => {
      await store.commit([{ kind: 'put', collection: 'c', id: 'a', doc: { n: 1 } }]);
      const applied = await store.commit(
        [
          { kind: 'put', collection: 'c', id: 'a', doc: { n: 2 } },
          { kind: 'index', index: 'i', id: 'a' },
        ],
        [{ collection: 'c', id: 'a', expected: JSON.stringify({ n: 0 }) }],
      );
      expect(applied).toBe(false);
      expect(await store.getMany('c', ['a'])).toEqual([{ n: 1 }]);
      expect(await store.count('i')).toBe(0);
    });

    it('treats an expected null as "still absent"', async () => {
      expect(await store.commit([{ kind: 'put', collection: 'c', id: 'a', doc: 1 }], [{ collection: 'c', id: 'a', expected: null }])).toBe(
        true,
      );
      expect(await store.commit([{ kind: 'put', collection: 'c', id: 'a', doc: 2 }], [{ collection: 'c', id: 'a', expected: null }])).toBe(
        false,
      );
      expect(await store.getMany('c', ['a'])).toEqual([1]);
    });

    it('deletes documents', async () => {
      await store.commit([{ kind: 'put', collection: 'c', id: 'a', doc: 1 }]);
      await store.commit([{ kind: 'delete', collection: 'c', id: 'a' }]);
      expect(await store.getMany('c', ['a'])).toEqual([null]);
    });

    it('applies the writes of one commit in order', async () => {
      await store.commit([
        { kind: 'put', collection: 'c', id: 'a', doc: 1 },
        { kind: 'delete', collection: 'c', id: 'a' },
        { kind: 'put', collection: 'c', id: 'b', doc: 1 },
        { kind: 'put', collection: 'c', id: 'b', doc: 2 },
        { kind: 'index', index: 'i', id: 'x' },
        { kind: 'unindex', index: 'i', id: 'x' },
      ]);
      expect(await store.getMany('c', ['a', 'b'])).toEqual([null, 2]);
      expect(await store.count('i')).toBe(0);
    });

    it('keeps raw JSON byte for byte, so a precondition on an unchanged document holds', async () => {
      const doc = { s: 'é "quoted" \\ \n 🚚 \u0000', n: 1.5, nested: [{ a: null }] };
      await store.commit([{ kind: 'put', collection: 'c', id: 'odd (id) ü', doc }]);
      const [raw] = await store.getRaw('c', ['odd (id) ü']);
      expect(raw).toBe(JSON.stringify(doc));
      const uow = new UnitOfWork(store);
      expect(await uow.get('c', 'odd (id) ü')).toEqual(doc);
      uow.put('c', 'odd (id) ü', { ...doc, n: 2 });
      expect(await uow.commit()).toBe(true);
      expect(await store.getMany('c', ['odd (id) ü'])).toEqual([{ ...doc, n: 2 }]);
    });

    it('checks every precondition before writing anything', async () => {
      await store.commit([
        { kind: 'put', collection: 'c', id: 'a', doc: 1 },
        { kind: 'put', collection: 'd', id: 'b', doc: 1 },
      ]);
      const applied = await store.commit(
        [
          { kind: 'delete', collection: 'c', id: 'a' },
          { kind: 'put', collection: 'd', id: 'new', doc: 1 },
          { kind: 'index', index: 'i', id: 'a' },
        ],
        [
          { collection: 'c', id: 'a', expected: '1' },
          { collection: 'd', id: 'b', expected: '2' },
        ],
      );
      expect(applied).toBe(false);
      expect(await store.getMany('c', ['a'])).toEqual([1]);
      expect(await store.getMany('d', ['new'])).toEqual([null]);
      expect(await store.count('i')).toBe(0);
    });

    it('lets only one of two concurrent read-modify-writes of a document commit', async () => {
      await store.commit([{ kind: 'put', collection: 'c', id: 'counter', doc: { n: 0 } }]);
      const first = new UnitOfWork(store);
      const second = new UnitOfWork(store);
      const a = await first.get<{ n: number }>('c', 'counter');
      const b = await second.get<{ n: number }>('c', 'counter');
      first.put('c', 'counter', { n: a!.n + 1 });
      second.put('c', 'counter', { n: b!.n + 1 });
      expect(await first.commit()).toBe(true);
      expect(await second.commit()).toBe(false);
      expect(await store.getMany('c', ['counter'])).toEqual([{ n: 1 }]);
    });

    it('decides commits made at the same moment one by one, in order: one that read what an earlier one changed fails alone', async () => {
      await store.commit([
        { kind: 'put', collection: 'c', id: 'counter', doc: { n: 0 } },
        { kind: 'put', collection: 'c', id: 'other', doc: { n: 0 } },
      ]);
      const units = [new UnitOfWork(store), new UnitOfWork(store), new UnitOfWork(store)];
      // Read at the same moment (one read in Redis mode), each sees the same state.
      const [a, b, c] = await Promise.all([
        units[0].get<{ n: number }>('c', 'counter'),
        units[1].get<{ n: number }>('c', 'counter'),
        units[2].get<{ n: number }>('c', 'other'),
      ]);
      units[0].put('c', 'counter', { n: a!.n + 1 });
      units[1].put('c', 'counter', { n: b!.n + 10 });
      units[2].put('c', 'other', { n: c!.n + 100 });
      // Committed at the same moment (one script call in Redis mode).
      expect(await Promise.all(units.map((u) => u.commit()))).toEqual([true, false, true]);
      expect(await store.getMany('c', ['counter', 'other'])).toEqual([{ n: 1 }, { n: 100 }]);
    });
  });
}
