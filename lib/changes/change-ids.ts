import { positionOf } from '../redis/stream-position';

/**
 * Change ids are stream positions (`<ms>-<seq>` zero-padded, lib/redis/stream-position.ts), so
 * they order lexically in both runtimes: Redis assigns them, memory counts them.
 */
export function memoryChangeId(seq: number): string {
  return positionOf(`${seq}-0`);
}

/** The lowest id: reading after it reads from the start. */
export const BEFORE_FIRST_CHANGE = positionOf('0-0');
