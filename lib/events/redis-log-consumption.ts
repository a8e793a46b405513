import type { Logger } from '../logger';
import type { RedisClient } from '../redis/client';
import { uniqueConsumerName } from '../redis/consumer-name';
import type { RedisKeys } from '../redis/keys';
import type { ConsumeOptions, Consumption } from './event-log';
import { allLaneStreams, partitionLanes } from './log-lanes';
import { PartitionLeases } from './partition-leases';
import { PartitionLanes } from './redis-partition-lanes';
import { RedisConsumption } from './redis-consumption';
import type { RedisConsumptionOptions } from './redis-consumption-options';
import { resolveConsumptionOptions } from './redis-consumption-options';
import { waitForGroup } from './redis-group-progress';
import type { LoggedEvent } from './types';

export interface RedisLogConsumptionInit {
  redis: RedisClient;
  keys: RedisKeys;
  group: string;
  handler: (entry: LoggedEvent) => Promise<void>;
  consume: ConsumeOptions;
  logger: Logger;
  options: Partial<RedisConsumptionOptions>;
  onDispose(): void;
}

/**
 * One instance of a consumer group on the partitioned log: it leases its share of the partitions
 * (partition-leases.ts) and runs one consumption (redis-consumption.ts) per partition it holds,
 * reading all the partition's lanes, each a stream with its own consumer group.
 */
export class RedisLogConsumption implements Consumption {
  private readonly running = new Map<number, RedisConsumption>();
  private readonly leases: PartitionLeases;
  private disposed = false;

  constructor(private readonly init: RedisLogConsumptionInit) {
    const options = resolveConsumptionOptions(init.options);
    const instance = uniqueConsumerName();
    // What one instance handles at once is shared by the partitions it holds.
    const parallel = Math.max(32, Math.ceil(options.parallel / init.keys.partitions.count));
    this.leases = new PartitionLeases({
      redis: init.redis,
      keys: init.keys,
      group: init.group,
      instance,
      ttlMs: options.heartbeatTtlMs,
      renewMs: options.heartbeatMs,
      logger: init.logger.child({ group: init.group, instance }),
      acquired: (partition) => {
        if (this.disposed || this.running.has(partition)) return;
        const lanes = new PartitionLanes(
          init.redis,
          partitionLanes(init.keys, partition),
          init.handler,
          init.logger,
          options.runLength,
          parallel,
        );
        const consumption = new RedisConsumption({
          redis: init.redis,
          lanes,
          group: init.group,
          heartbeatKey: (consumer) => init.keys.consumerHeartbeat(init.group, consumer),
          handler: init.handler,
          consume: init.consume,
          logger: init.logger,
          options: { ...options, parallel },
          onDispose: () => undefined,
        });
        this.running.set(partition, consumption);
      },
      lost: async (partition) => {
        const consumption = this.running.get(partition);
        this.running.delete(partition);
        await consumption?.dispose();
      },
    });
  }

  /** The partitions this instance consumes now. */
  get partitions(): number[] {
    return this.leases.partitions;
  }

  idle(): Promise<void> {
    const { redis, keys, group } = this.init;
    return waitForAllPartitions(redis, keys, group, () => this.disposed);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.leases.dispose();
    this.init.onDispose();
  }
}

/** Resolves once `group` has handled every entry of every partition and lane (whichever instances consume them). */
export async function waitForAllPartitions(redis: RedisClient, keys: RedisKeys, group: string, stop: () => boolean): Promise<void> {
  for (const { stream } of allLaneStreams(keys)) await waitForGroup(redis, stream, group, stop);
}
