import type { RedisClient } from '../redis/client';
import { compareStreamIds } from '../redis/stream-position';
import { parseEntries, parseGroups, parsePending } from '../redis/stream-reply';
import type { GroupProgress } from './event-log';
import { toLoggedEvent } from './redis-log-entry';

const POLL_MS = 20;

/**
 * Resolves once consumer group `group` has caught up: nothing pending with any of its consumers,
 * and delivered up to the stream's last entry. The last entry is re-read once that is reached, so
 * entries appended meanwhile (reactions to handled events) are waited for too, as in memory mode.
 * Errors (the group not created yet, Redis away) are polled through; `stop` ends the wait.
 */
export async function waitForGroup(redis: RedisClient, stream: string, group: string, stop: () => boolean): Promise<void> {
  let target = await lastEntryId(redis, stream);
  while (!stop()) {
    try {
      const info = parseGroups(await redis.xinfo('GROUPS', stream)).find((g) => g.name === group);
      if (info && info.pending === 0 && compareStreamIds(info.lastDeliveredId, target) >= 0) {
        const last = await lastEntryId(redis, stream);
        if (compareStreamIds(last, target) <= 0) return;
        target = last;
        continue;
      }
    } catch {
      // Not created yet or Redis away: the answer can only come from asking again.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function lastEntryId(redis: RedisClient, stream: string): Promise<string> {
  const [last] = parseEntries(await redis.xrevrange(stream, '+', '-', 'COUNT', 1));
  return last?.id ?? '0-0';
}

/** Backlog of a group: entries never delivered (Redis 7 `lag`) plus those delivered but not acknowledged. */
export async function groupProgress(redis: RedisClient, stream: string, group: string, partition: number): Promise<GroupProgress> {
  const info = parseGroups(await redis.xinfo('GROUPS', stream).catch(() => [])).find((g) => g.name === group);
  if (!info) {
    const [first] = parseEntries(await redis.xrange(stream, '-', '+', 'COUNT', 1));
    return { backlog: await redis.xlen(stream), oldestRecordedAt: first ? toLoggedEvent(first, partition).recordedAt : null };
  }
  const undelivered = info.lag ?? parseEntries(await redis.xrange(stream, `(${info.lastDeliveredId}`, '+', 'COUNT', 10_000)).length;
  const [oldestPending] = info.pending > 0 ? parsePending(await redis.xpending(stream, group, '-', '+', 1)) : [];
  const oldestId = oldestPending?.id ?? (undelivered > 0 ? `(${info.lastDeliveredId}` : null);
  const [oldest] = oldestId ? parseEntries(await redis.xrange(stream, oldestId, '+', 'COUNT', 1)) : [];
  return { backlog: undelivered + info.pending, oldestRecordedAt: oldest?.fields ? toLoggedEvent(oldest, partition).recordedAt : null };
}
