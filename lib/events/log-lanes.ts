import type { RedisKeys } from '../redis/keys';
import { SYNC_CLASSES } from './sync-classes';

/**
 * The streams of the partitioned log: one per partition and lane. Each has an index, the number
 * positions carry after `@` (lib/redis/stream-position.ts): lane × partitions + partition, so the
 * first lane's indexes are the partitions themselves and positions written before lanes stay valid.
 */
export interface LaneStream {
  index: number;
  partition: number;
  lane: number;
  stream: string;
}

export function laneStreamAt(keys: RedisKeys, index: number): LaneStream {
  const count = keys.partitions.count;
  const partition = index % count;
  const lane = Math.floor(index / count);
  return { index, partition, lane, stream: keys.in(partition).eventLane(lane) };
}

export function laneStream(keys: RedisKeys, partition: number, lane: number): LaneStream {
  return laneStreamAt(keys, lane * keys.partitions.count + partition);
}

/** Every stream of the log, the first lane's first. */
export function allLaneStreams(keys: RedisKeys): LaneStream[] {
  return Array.from({ length: keys.partitions.count * SYNC_CLASSES.length }, (_, index) => laneStreamAt(keys, index));
}

/** The lanes of one partition, real-time first. */
export function partitionLanes(keys: RedisKeys, partition: number): LaneStream[] {
  return SYNC_CLASSES.map((_, lane) => laneStream(keys, partition, lane));
}
