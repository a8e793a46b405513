import type { RedisClient } from '../redis/client';
import type { Logger } from '../logger';
import { compareStreamIds } from '../redis/stream-position';
import { parseGroups } from '../redis/stream-reply';

/** The id right after `id`: entries before it are the ones up to and including `id`. */
function nextId(id: string): string {
  const [ms, seq] = id.split('-');
  return `${ms}-${BigInt(seq) + 1n}`;
}

/**
 * The lowest stream id some consumer group still needs: its oldest pending entry, or the entry
 * after the last one it was given. `null` when there are no groups.
 */
async function lowestNeeded(redis: RedisClient, stream: string): Promise<string | null> {
  let lowest: string | null = null;
  for (const group of parseGroups(await redis.xinfo('GROUPS', stream))) {
    let needed = nextId(group.lastDeliveredId);
    if (group.pending > 0) {
      const [, oldest] = (await redis.xpending(stream, group.name)) as [number, string | null];
      if (oldest && compareStreamIds(oldest, needed) < 0) needed = oldest;
    }
    if (lowest === null || compareStreamIds(needed, lowest) < 0) lowest = needed;
  }
  return lowest;
}

/**
 * Trims the stream of entries that every consumer group has handled and that are older than the
 * retention window (stream ids start with the append time in ms, so the window is an id). Entries
 * younger than the window stay for subscription resume (`after` cursors) and replay. Safe to run
 * on every instance at once: trimming to the same bound twice removes nothing more.
 */
export async function trimLog(redis: RedisClient, stream: string, retentionMs: number, now = Date.now()): Promise<number> {
  if ((await redis.exists(stream)) === 0) return 0;
  const windowStart = `${Math.max(0, now - retentionMs)}-0`;
  const needed = await lowestNeeded(redis, stream);
  const bound = needed !== null && compareStreamIds(needed, windowStart) < 0 ? needed : windowStart;
  return redis.xtrim(stream, 'MINID', bound);
}

/** Runs `trimLog` on every stream (each partition's) every `intervalMs`; failures (Redis away) are logged once and retried on the next turn. */
export function startLogTrimmer(
  redis: RedisClient,
  streams: readonly string[],
  retentionMs: number,
  intervalMs: number,
  logger: Logger,
): { dispose(): void } {
  let running = false;
  let failing = false;
  const trim = async () => {
    if (running) return;
    running = true;
    try {
      let trimmed = 0;
      for (const stream of streams) trimmed += await trimLog(redis, stream, retentionMs);
      if (trimmed > 0) logger.debug('event log trimmed', { trimmed });
      failing = false;
    } catch (error) {
      if (!failing) logger.warn('event log trim failed; will retry', { error });
      failing = true;
    } finally {
      running = false;
    }
  };
  // Fire and forget: a turn catches its own failures, and `running` keeps turns from overlapping.
  const timer = setInterval(() => void trim(), intervalMs);
  timer.unref();
  return { dispose: () => clearInterval(timer) };
}
