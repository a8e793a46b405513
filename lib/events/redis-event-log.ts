import type { Redis } from 'ioredis';
import { Logger } from '../logger';
import { RedisKeys } from '../redis/keys';
import { withScripts } from '../redis/scripts';
import { AppendOutcome, ConsumeOptions, Consumption, EventLog } from './event-log';
import { RedisConsumption } from './redis-consumption';
import { StreamEntry, loggedEventOf, streamIdOf } from './stream-position';
import { CanonicalEvent, LoggedEvent, eventKey } from './types';

export interface RedisEventLogOptions {
  keys: RedisKeys;
  logger: Logger;
  /** Opens a dedicated connection (a consumer blocks on its own). */
  connect(name: string): Promise<Redis>;
  /** How long an entry may stay pending with a dead consumer before another claims it. */
  claimIdleMs: number;
}

/** The event log on a Redis Stream, with one consumer group per subgraph. */
export class RedisEventLog implements EventLog {
  private readonly redis;
  private readonly consumptions = new Set<RedisConsumption>();

  constructor(redis: Redis, private readonly options: RedisEventLogOptions) {
    this.redis = withScripts(redis);
  }

  private payload(event: CanonicalEvent): string {
    return JSON.stringify({ event, recordedAt: new Date().toISOString() });
  }

  async append(event: CanonicalEvent, contentHash: string): Promise<AppendOutcome> {
    const { keys } = this.options;
    const payload = this.payload(event);
    const [status, id] = await this.redis.appendUnique(keys.dedup, keys.eventStream, eventKey(event), contentHash, payload);
    if (status === 'accepted') return { status, entry: loggedEventOf([id, ['e', payload]]) };
    return { status: status as 'duplicate' | 'conflict' };
  }

  async reappend(event: CanonicalEvent): Promise<LoggedEvent> {
    const payload = this.payload(event);
    const id = await this.redis.xadd(this.options.keys.eventStream, '*', 'e', payload);
    return loggedEventOf([id as string, ['e', payload]]);
  }

  consume(group: string, handler: (entry: LoggedEvent) => Promise<void>, options: ConsumeOptions): Consumption {
    const consumption = new RedisConsumption({
      ...this.options,
      command: this.redis,
      group: this.options.keys.consumerGroup(group),
      handler,
      consume: options,
      onDispose: () => this.consumptions.delete(consumption),
    });
    this.consumptions.add(consumption);
    consumption.start();
    return consumption;
  }

  async read(after: string | undefined, count: number): Promise<LoggedEvent[]> {
    const start = after === undefined ? '-' : `(${streamIdOf(after)}`;
    const entries = (await this.redis.xrange(this.options.keys.eventStream, start, '+', 'COUNT', count)) as StreamEntry[];
    return entries.map(loggedEventOf);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.consumptions].map((c) => c.dispose()));
  }
}
