import { UserInputError } from '../errors';
import { compareStreamIds, positionOf } from '../redis/stream-position';

/**
 * Change ids are cursors over a change stream's partitions (docs/redis-layout.md): for each
 * partition, the id of the last entry read there, and which partition the entry itself is in
 * (`3~1733580000000-0,0,1733580000123-2`; `0` for a partition not read yet). Resuming after an id
 * reads, in every partition, what comes after its part, so a cursor resumes one shipment's updates
 * and all of a customer's alike, whichever partitions they are in. One partition (memory, or a
 * Redis laid out with one) is the same format with one part.
 */
export interface ChangeCursor {
  /** The partition of the entry this id is of. */
  own: number;
  /** Per partition, the last entry id read (a stream id; `0-0` for none). */
  ids: readonly string[];
}

const NONE = '0-0';
const PART = /^\d+(?:-\d+)?$/;
/** A cursor a client holds is at most this long (1,024 partitions of long ids fit). */
const MAX_LENGTH = 40_000;

export function formatChangeId(cursor: ChangeCursor): string {
  return `${cursor.own}~${cursor.ids.map((id) => (id === NONE ? '0' : id)).join(',')}`;
}

/** A change id from outside (a client's cursor): BAD_USER_INPUT naming it when it is not one. */
export function parseChangeId(text: string): ChangeCursor {
  const tilde = text.indexOf('~');
  const own = Number(text.slice(0, tilde));
  const parts = text.slice(tilde + 1).split(',');
  if (text.length > MAX_LENGTH || tilde < 1 || !Number.isInteger(own) || own >= parts.length || !parts.every((p) => PART.test(p)))
    throw new UserInputError(`not a change stream position: ${text.slice(0, 40)}`);
  return { own, ids: parts.map((p) => (p === '0' ? NONE : p.includes('-') ? p : `${p}-0`)) };
}

/** The id of partition `partition` in a cursor (`0-0` when the cursor has no such part yet). */
export function partOf(cursor: ChangeCursor, partition: number): string {
  return cursor.ids[partition] ?? NONE;
}

/** Where reading starts: nothing read in any partition. */
export const BEFORE_FIRST_CHANGE = formatChangeId({ own: 0, ids: [NONE] });

/** A cursor with nothing read in `partitions` partitions. */
export function startCursor(partitions: number): ChangeCursor {
  return { own: 0, ids: Array.from({ length: partitions }, () => NONE) };
}

/** The cursor after reading entry `id` of `partition` from `cursor`. */
export function advance(cursor: ChangeCursor, partition: number, id: string): ChangeCursor {
  const ids = [...cursor.ids];
  while (ids.length <= partition) ids.push(NONE);
  ids[partition] = id;
  return { own: partition, ids };
}

/** Whether the change `id` is at or before what `floor` has read (it was passed on already). */
export function changeCovered(id: string, floor: string): boolean {
  const change = parseChangeId(id);
  return compareStreamIds(partOf(change, change.own), partOf(parseChangeId(floor), change.own)) <= 0;
}

/**
 * The cursor that has read both: per partition the later part, and the change's own partition.
 * A reader that passes on changes from several sources (a replay, then what it followed) keeps
 * this, so its cursor never goes back in any partition.
 */
export function mergeChangeIds(floor: string | undefined, id: string): string {
  if (floor === undefined) return id;
  const a = parseChangeId(floor);
  const b = parseChangeId(id);
  const length = Math.max(a.ids.length, b.ids.length);
  const ids = Array.from({ length }, (_, p) => {
    const x = partOf(a, p);
    const y = partOf(b, p);
    return compareStreamIds(x, y) >= 0 ? x : y;
  });
  return formatChangeId({ own: b.own, ids });
}

/**
 * The identity of the change an id is of, the same whichever reader stamped it, ordered by
 * commit time then partition (`000001733580000123-000002@0003`): to deduplicate and to order
 * records kept per change (webhook deliveries).
 */
export function changeKeyOf(id: string): string {
  const change = parseChangeId(id);
  return `${positionOf(partOf(change, change.own))}@${String(change.own).padStart(4, '0')}`;
}

/** A memory change stream's id of its `seq`-th entry (one partition). */
export function memoryChangeId(seq: number): string {
  return formatChangeId({ own: 0, ids: [positionOf(`${seq}-0`)] });
}
