import type { RedisClient } from '../redis/client';
import type { Logger } from '../logger';
import type { StreamEntry } from '../redis/stream-reply';
import { parseConsumers, parseEntries, parsePending } from '../redis/stream-reply';

export interface RescueTarget {
  redis: RedisClient;
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
 * backstop, entries pending longer than `claimIdleMs` are claimed even from a live consumer (it
 * is stuck). A consumer never claims from itself: entries waiting in its own queue are not lost,
 * and claiming them would count deliveries that never failed.
 */
export async function rescuePending(t: RescueTarget): Promise<Rescued[]> {
  const { redis, stream, group } = t;
  const others = parseConsumers(await redis.xinfo('CONSUMERS', stream, group)).filter((c) => c.name !== t.consumer);
  const rescued: Rescued[] = [];
  if (others.length === 0) return rescued;
  // One GET each (pipelined), not MGET: heartbeats are keys of their own, in any slot of a cluster.
  const alive = await Promise.all(others.map((c) => redis.get(t.heartbeatKey(c.name))));
  for (const [i, other] of others.entries()) {
    const dead = alive[i] === null;
    if (dead && other.pending === 0) {
      await redis.xgroup('DELCONSUMER', stream, group, other.name);
      continue;
    }
    if (other.pending === 0) continue;
    const minIdle = dead ? t.minIdleMs : t.claimIdleMs;
    const pending = parsePending(await redis.xpending(stream, group, 'IDLE', minIdle, '-', '+', t.batchSize, other.name));
    if (pending.length === 0) continue;
    const deliveries = new Map(pending.map((p) => [p.id, p.deliveries]));
    const claimed = parseEntries(await redis.xclaim(stream, group, t.consumer, minIdle, ...pending.map((p) => p.id)));
    t.logger.warn(
      dead
        ? 'claimed the pending entries of a consumer whose heartbeat stopped'
        : 'claimed entries pending longer than claimIdleMs (a consumer is stuck?)',
      { from: other.name, count: claimed.length },
    );
    for (const entry of claimed) rescued.push({ entry, prior: deliveries.get(entry.id) ?? 0 });
  }
  return rescued;
}
