/**
 * One aggregate's order across the lanes of the log (docs/events.md#synchronisation-classes).
 * Each entry carries, per lane, the id of its aggregate's last entry in that lane when it was
 * appended (in its own lane: the one before it). A consumption reads each lane in order, so what
 * it has taken up of a lane is a prefix; an entry whose pointer reaches past that prefix in
 * another lane would overtake an earlier event of its aggregate, so those are pulled forward and
 * applied first. The pointers make this a walk over the aggregate's own entries only, never a
 * scan of the backlog.
 */
export interface LaneLink<Id, T> {
  lane: number;
  id: Id;
  /** Per lane, the aggregate's last entry there before this one; null when it had none. */
  pointers: readonly (Id | null)[];
  item: T;
}

export interface LaneView<Id, T> {
  /** Whether the consumption already took up entry `id` of `lane` (queued, handled, or pulled forward). */
  taken(lane: number, id: Id): boolean;
  /** The entry itself; null when it is gone (trimmed, or not written by Lading). */
  fetch(lane: number, id: Id): Promise<LaneLink<Id, T> | null>;
  compare(a: Id, b: Id): number;
}

/** The same where every entry is at hand (the embedded log): the walk ends in the turn it starts. */
export interface LaneViewNow<Id, T> extends Omit<LaneView<Id, T>, 'fetch'> {
  fetch(lane: number, id: Id): LaneLink<Id, T> | null;
}

/** Pulls at most this many entries ahead of one: beyond, the aggregate's order is kept as far as they go. */
export const PULL_LIMIT = 10_000;

type Wanted = [lane: number, id: unknown];

/**
 * The walk over the pointers, as a generator asking for each entry it needs (yielding its lane and
 * id, given the entry back), so one walk serves a log read from Redis and one at hand.
 */
function* walk<Id, T>(entry: LaneLink<Id, T>, view: Pick<LaneView<Id, T>, 'taken'>, limit: number) {
  const found = new Map<string, LaneLink<Id, T>>();
  const key = (lane: number, id: Id) => `${lane}:${String(id)}`;
  const queue = [entry];
  while (queue.length > 0 && found.size < limit) {
    const link = queue.pop()!;
    for (let lane = 0; lane < link.pointers.length; lane++) {
      const id = link.pointers[lane];
      // The entry's own lane was read in order up to it.
      if (id === null || (link === entry && lane === entry.lane)) continue;
      if (view.taken(lane, id) || found.has(key(lane, id))) continue;
      const earlier = (yield [lane, id] as Wanted) as LaneLink<Id, T> | null;
      if (!earlier) continue;
      found.set(key(lane, id), earlier);
      queue.push(earlier);
    }
  }
  return [...found.values()];
}

/**
 * The entries of `entry`'s aggregate logged before it in other lanes that the consumption has not
 * taken up, in an order that respects every pointer: applied in this order, then `entry`, the
 * aggregate's events apply in log order.
 */
export async function untakenPredecessors<Id, T>(
  entry: LaneLink<Id, T>,
  view: LaneView<Id, T>,
  limit = PULL_LIMIT,
): Promise<LaneLink<Id, T>[]> {
  const steps = walk(entry, view, limit);
  let step = steps.next();
  while (!step.done) {
    const [lane, id] = step.value;
    step = steps.next(await view.fetch(lane, id as Id));
  }
  return mergeByPointers(step.value, view);
}

/** The same over entries at hand, before this turn ends. */
export function untakenPredecessorsNow<Id, T>(entry: LaneLink<Id, T>, view: LaneViewNow<Id, T>, limit = PULL_LIMIT): LaneLink<Id, T>[] {
  const steps = walk(entry, view, limit);
  let step = steps.next();
  while (!step.done) {
    const [lane, id] = step.value;
    step = steps.next(view.fetch(lane, id as Id));
  }
  return mergeByPointers(step.value, view);
}

/**
 * Merges per-lane runs (each in id order) so that an entry comes after every entry its pointers
 * name. The pointers come from one log, so such an order exists; were it ever broken, the oldest
 * head goes next rather than nothing.
 */
function mergeByPointers<Id, T>(links: LaneLink<Id, T>[], view: Pick<LaneView<Id, T>, 'compare'>): LaneLink<Id, T>[] {
  const lanes = new Map<number, LaneLink<Id, T>[]>();
  for (const link of links) {
    let run = lanes.get(link.lane);
    if (!run) lanes.set(link.lane, (run = []));
    run.push(link);
  }
  for (const run of lanes.values()) run.sort((a, b) => view.compare(a.id, b.id));
  // Runs are sorted and emptied from the front: an id is still waiting when its run's head is not past it.
  const waiting = (lane: number, id: Id) => {
    const run = lanes.get(lane);
    return run !== undefined && run.length > 0 && view.compare(run[0].id, id) <= 0;
  };
  const ordered: LaneLink<Id, T>[] = [];
  while (ordered.length < links.length) {
    const heads = [...lanes.values()].filter((run) => run.length > 0).map((run) => run[0]);
    const ready =
      heads.find((head) => head.pointers.every((id, lane) => id === null || lane === head.lane || !waiting(lane, id))) ??
      heads.reduce((a, b) => (view.compare(a.id, b.id) <= 0 ? a : b));
    ordered.push(lanes.get(ready.lane)!.shift()!);
  }
  return ordered;
}
