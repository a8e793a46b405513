import type { Logger } from '../logger';
import type { RedisClient } from '../redis/client';
import type { RedisKeys } from '../redis/keys';
import { runScript } from '../redis/scripts';

export interface PartitionLeaseOptions {
  redis: RedisClient;
  keys: RedisKeys;
  /** The consumer group (a subgraph) whose instances divide the partitions. */
  group: string;
  /** This instance's name, unique per process and consumption. */
  instance: string;
  /** A lease or membership not renewed for this long has ended: its holder died (default 5 s). */
  ttlMs: number;
  /** How often leases are renewed and the division looked at again (default 1 s). */
  renewMs: number;
  /** Starts consuming a partition this instance now leases. */
  acquired(partition: number): void;
  /** Stops consuming a partition (resolves once stopped); its lease is released after. */
  lost(partition: number): Promise<void>;
  logger: Logger;
}

/**
 * Divides a log's partitions among the live instances of one consumer group, each partition
 * consumed by one instance at a time. Every instance renews a membership (a ZSET of instance →
 * end of life) and leases (a STRING per partition naming its holder, with a time to live); each
 * aims at its fair share, ceil(partitions / live instances): it takes free partitions up to it
 * and gives back those beyond it, stopping their consumption before releasing the lease. An
 * instance that dies stops renewing: its leases end after `ttlMs` and the others take its
 * partitions at their next look, so within ttl + renew interval (6 s by default). Entries it
 * left pending are claimed by the next holder (its heartbeat is gone) and applied idempotently,
 * so a partition changing hands never applies an event twice in effect.
 */
export class PartitionLeases {
  private readonly held = new Set<number>();
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private disposed = false;
  private failing = false;

  constructor(private readonly options: PartitionLeaseOptions) {
    this.timer = setInterval(() => this.tick(), options.renewMs);
    this.timer.unref();
    this.tick();
  }

  /** The partitions this instance consumes now. */
  get partitions(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }

  private tick(): void {
    // One look at a time: a slow Redis must not stack them.
    this.running = this.running
      .then(() => this.look())
      .catch((error: unknown) => {
        if (!this.failing) this.options.logger.warn('partition leases not renewed (Redis away?); retrying', { error: String(error) });
        this.failing = true;
      });
  }

  private async look(): Promise<void> {
    if (this.disposed) return;
    const { redis, keys, group, instance, ttlMs } = this.options;
    const now = Date.now();
    const members = keys.groupMembers(group);
    const [, , live] = await Promise.all([
      redis.zadd(members, now + ttlMs, instance),
      redis.zremrangebyscore(members, '-inf', now),
      redis.zcard(members),
    ]);
    const count = keys.partitions.count;
    const fair = Math.ceil(count / Math.max(1, live));
    // Renewed first: a lease lost meanwhile (this process paused past it) is stopped at once.
    for (const partition of [...this.held]) {
      const renewed = await runScript(redis, 'ladingLease', [keys.partitionLease(group, partition)], ['renew', instance, String(ttlMs)]);
      if (renewed !== 1) await this.stop(partition, 'lost');
    }
    while (this.held.size > fair) await this.stop(Math.max(...this.held), 'rebalanced');
    if (this.held.size < fair) {
      // Each instance starts looking at its own place, so instances starting together do not all race for partition 0.
      const start = hashOf(instance) % count;
      for (let i = 0; i < count && this.held.size < fair && !this.disposed; i++) {
        const partition = (start + i) % count;
        if (this.held.has(partition)) continue;
        const taken = await redis.set(keys.partitionLease(group, partition), instance, 'PX', ttlMs, 'NX');
        if (taken !== 'OK') continue;
        this.held.add(partition);
        this.options.acquired(partition);
      }
    }
    if (this.failing) this.options.logger.info('partition leases renewed again', { partitions: this.partitions });
    this.failing = false;
  }

  private async stop(partition: number, why: 'lost' | 'rebalanced' | 'disposed'): Promise<void> {
    const { redis, keys, group, instance, logger } = this.options;
    this.held.delete(partition);
    await this.options.lost(partition);
    if (why !== 'lost')
      await runScript(redis, 'ladingLease', [keys.partitionLease(group, partition)], ['release', instance]).catch(() => 0);
    if (why !== 'disposed') logger.info('partition handed over', { partition, why });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.timer);
    await this.running;
    await Promise.all([...this.held].map((partition) => this.stop(partition, 'disposed')));
    await this.options.redis.zrem(this.options.keys.groupMembers(this.options.group), this.options.instance).catch(() => 0);
  }
}

function hashOf(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) >>> 0;
  return hash;
}
