import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * A stream consumer name unique to one consumption in one process: pending entries belong to a
 * consumer by name, so two instances (or a restarted one) must never share it.
 */
export function uniqueConsumerName(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}
