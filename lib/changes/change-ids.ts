import { UserInputError } from '../errors';
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

const CHANGE_ID = /^\d{15}-\d{6,}$/;

/** A change id from outside (a client's cursor): BAD_USER_INPUT naming it when it is not one. */
export function checkChangeId(id: string): string {
  if (!CHANGE_ID.test(id)) throw new UserInputError(`not a change stream position: ${id.slice(0, 40)}`);
  return id;
}
