import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { Logger } from '../logger';
import type { HeldEventStore } from './held-events';

/**
 * Periodically dead-letters (reason `orphan`) events held longer than the TTL. Several sweepers
 * on one store are safe: each expiry is a conditional commit, so only one of them wins it.
 */
export function startHoldSweeper(held: HeldEventStore, ttlMs: number, logger: Logger, clock: Clock = systemClock): { dispose(): void } {
  const intervalMs = Math.min(60_000, Math.max(200, Math.floor(ttlMs / 4)));
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const expired = await held.expire(new Date(clock.now() - ttlMs));
      if (expired > 0) logger.warn('held events expired to dead letters', { expired, ttlMs });
    } catch (error) {
      logger.error('hold sweep failed; will retry', { error });
    } finally {
      running = false;
    }
  };
  // Fire and forget: a sweep catches its own failures, and `running` keeps turns from overlapping.
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  return { dispose: () => clearInterval(timer) };
}
