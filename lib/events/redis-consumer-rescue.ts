import type { Redis } from 'ioredis';
import { Logger } from '../logger';
import { StreamEntry, parseAutoClaim, parseConsumers, parseEntries, parsePending } from '../redis/stream-reply';

export interface RescueTarget {
  redis: Redis;
  stream: string;
  group: string;
  /** This consumer's name: claimed entries become its own. */
  consumer: string;
  heartbeatKey(consumer: string): string;
  /** Entries pending this long are claimed even from a live consumer (it is stuck). */
  claimIdleMs: number;
  /** Entries idle less than this are left alone, so two rescuers never take the same entry twice. */
  minIdleMs: number;
  batchSize: number;
  logger: Logger;
}

export interface Rescued {
  entry: StreamEntry;
  /** Deliveries before this claim, each counted as an attempt (a poison entry that kills consumers is not retried forever). */
  prior: number;
}

/**
 * Takes over the pending entries of consumers whose heartbeat is gone (they died), and forgets
 * such consumers once they hold nothing, so restarts do not pile up consumer names. As a
 * backstop, entries pending longer than `claimIdleMs` are claimed even from a live consumer.
 */
export async function rescuePending(t: RescueTarget, autoClaimCursor: string): Promise<{ rescued: Rescued[]; cursor: string }> {
  const { redis, stream, group } = t;
  const others = parseConsumers(await redis.xinfo('CONSUMERS', stream, group)).filter((c) => c.name !== t.consumer);
  const rescued: Rescued[] = [];
  if (others.length > 0) {
    const alive = await redis.mget(...others.map((c) => t.heartbeatKey(c.name)));
    for (const [i, dead] of others.entries()) {
      if (alive[i] !== null) continue;
      if (dead.pending === 0) {
        await redis.xgroup('DELCONSUMER', stream, group, dead.name);
        continue;
      }
      const pending = parsePending(await redis.xpending(stream, group, 'IDLE', t.minIdleMs, '-', '+', t.batchSize, dead.name));
      if (pending.length === 0) continue;
      const deliveries = new Map(pending.map((p) => [p.id, p.deliveries]));
      const claimed = parseEntries(await redis.xclaim(stream, group, t.consumer, t.minIdleMs, ...pending.map((p) => p.id)));
      t.logger.warn('claimed the pending entries of a consumer whose heartbeat stopped', { dead: dead.name, count: claimed.length });
      for (const entry of claimed) rescued.push({ entry, prior: deliveries.get(entry.id) ?? 0 });
    }
  }
  const stuck = parseAutoClaim(await redis.xautoclaim(stream, group, t.consumer, t.claimIdleMs, autoClaimCursor, 'COUNT', t.batchSize));
  if (stuck.entries.length > 0) {
    t.logger.warn('claimed entries pending longer than claimIdleMs (a consumer is stuck?)', { count: stuck.entries.length });
    const ids = stuck.entries.map((e) => e.id);
    const pending = parsePending(await redis.xpending(stream, group, ids[0], ids[ids.length - 1], ids.length + t.batchSize, t.consumer));
    const deliveries = new Map(pending.map((p) => [p.id, p.deliveries - 1]));
    for (const entry of stuck.entries) rescued.push({ entry, prior: deliveries.get(entry.id) ?? 0 });
  }
  return { rescued, cursor: stuck.cursor };
}
