import { UserInputError } from '../errors';

/**
 * Event log positions from Redis stream ids. Stream ids (`<ms>-<seq>`) do not order lexically
 * ("9-0" > "10-0"), but positions must, so both parts are zero-padded to a fixed width.
 */
const MS_WIDTH = 15;
/** Redis numbers entries within one millisecond; no Redis appends a million in one. */
const SEQ_WIDTH = 6;
const POSITION = /^(\d{15})-(\d{6,})$/;

export function positionOf(streamId: string): string {
  const [ms, seq] = streamId.split('-');
  return `${ms.padStart(MS_WIDTH, '0')}-${seq.padStart(SEQ_WIDTH, '0')}`;
}

/** The stream id of a position; a malformed one (e.g. from a client's cursor) is the caller's error. */
export function streamIdOf(position: string): string {
  const match = POSITION.exec(position);
  if (!match) throw new UserInputError(`not an event log position: ${position}`);
  return `${trimZeros(match[1])}-${trimZeros(match[2])}`;
}

/** Orders two stream ids numerically (through their positions). */
export function compareStreamIds(a: string, b: string): number {
  const pa = positionOf(a);
  const pb = positionOf(b);
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

function trimZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}

/**
 * A position on the partitioned event log: the entry's stream id as a position, then its
 * partition (`000001733580000000-000000@0003`). They order by time, then partition: the order
 * `read` walks the partitions in.
 */
export function partitionedPositionOf(streamId: string, partition: number): string {
  return `${positionOf(streamId)}@${String(partition).padStart(4, '0')}`;
}

const PARTITIONED = /^(\d{15}-\d{6,})@(\d{4})$/;

/** The stream id and partition of a partitioned position; a malformed one is the caller's error. */
export function partitionedPositionParts(position: string): { streamId: string; partition: number } {
  const match = PARTITIONED.exec(position);
  if (!match) throw new UserInputError(`not an event log position: ${position}`);
  return { streamId: streamIdOf(match[1]), partition: Number(match[2]) };
}
