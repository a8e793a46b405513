import type { LaneLink, LaneView } from './lane-order';
import { untakenPredecessors } from './lane-order';

/** A log of one aggregate's entries over three lanes, in log order: [lane, id]. Pointers are derived as the append script does. */
function logOf(entries: [number, number][]): Map<number, LaneLink<number, string>> {
  const tails: (number | null)[] = [null, null, null];
  const links = new Map<number, LaneLink<number, string>>();
  for (const [lane, id] of entries) {
    links.set(id, { lane, id, pointers: [...tails], item: `e${id}` });
    tails[lane] = id;
  }
  return links;
}

function viewOf(links: Map<number, LaneLink<number, string>>, takenIds: number[]): LaneView<number, string> & { fetched: number[] } {
  const fetched: number[] = [];
  return {
    fetched,
    taken: (_lane, id) => takenIds.includes(id),
    fetch: async (_lane, id) => (fetched.push(id), links.get(id) ?? null),
    compare: (a, b) => a - b,
  };
}

describe('an aggregate’s order across lanes', () => {
  it('pulls forward the untaken earlier entries of other lanes, in log order', async () => {
    // bulk 1, near 2, bulk 3, realtime 4, bulk 5, realtime 6: 6 arrives while bulk and near are unread.
    const log = logOf([
      [2, 1],
      [1, 2],
      [2, 3],
      [0, 4],
      [2, 5],
      [0, 6],
    ]);
    const view = viewOf(log, [4]);
    const pulled = await untakenPredecessors(log.get(6)!, view);
    expect(pulled.map((l) => l.id)).toEqual([1, 2, 3, 5]);
  });

  it('stops at what is taken: nothing before a taken entry of a lane is fetched', async () => {
    const log = logOf([
      [2, 1],
      [2, 2],
      [2, 3],
      [0, 4],
    ]);
    const view = viewOf(log, [1, 2]);
    expect((await untakenPredecessors(log.get(4)!, view)).map((l) => l.id)).toEqual([3]);
    expect(view.fetched).toEqual([3]);
  });

  it('pulls nothing when every pointer is taken, and never walks its own lane', async () => {
    const log = logOf([
      [0, 1],
      [2, 2],
      [0, 3],
    ]);
    const view = viewOf(log, [2]);
    expect(await untakenPredecessors(log.get(3)!, view)).toEqual([]);
    expect(view.fetched).toEqual([]);
  });

  it('keeps a cross-lane order the ids alone would break', async () => {
    // Ids of different streams are not comparable in log order: near 9 was logged before bulk 7.
    const log = logOf([
      [1, 9],
      [2, 7],
      [0, 10],
    ]);
    const pulled = await untakenPredecessors(log.get(10)!, viewOf(log, []));
    expect(pulled.map((l) => l.id)).toEqual([9, 7]);
  });

  it('pulls at most the limit', async () => {
    const log = logOf(Array.from({ length: 50 }, (_, i): [number, number] => [2, i + 1]).concat([[0, 100]]));
    expect(await untakenPredecessors(log.get(100)!, viewOf(log, []), 10)).toHaveLength(10);
  });
});
