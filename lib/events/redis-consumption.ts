import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Logger } from '../logger';
import { RedisKeys } from '../redis/keys';
import { ConsumeOptions, Consumption } from './event-log';
import { LoggedEvent } from './types';
import { StreamEntry, loggedEventOf } from './stream-position';

export interface RedisConsumptionOptions {
  keys: RedisKeys;
  logger: Logger;
  connect(name: string): Promise<Redis>;
  claimIdleMs: number;
  command: Redis;
  group: string;
  handler(entry: LoggedEvent): Promise<void>;
  consume: ConsumeOptions;
  onDispose(): void;
}

const BATCH = 100;
const BLOCK_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One process's member of a consumer group: at-least-once delivery, acknowledged only after the
 * handler stored its change; entries left pending by a consumer that died are claimed after
 * `claimIdleMs`. Survives Redis restarts by retrying its loop.
 */
export class RedisConsumption implements Consumption {
  private readonly consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private blocking: Redis | undefined;
  private loop: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly options: RedisConsumptionOptions) {}

  start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const { keys, group, logger } = this.options;
    while (!this.disposed) {
      try {
        // A connection blocked in XREADGROUP can serve nothing else, so each consumer has its own.
        this.blocking ??= await this.options.connect(`consumer-${group}`);
        await this.ensureGroup();
        await this.claimAbandoned();
        const reply = (await this.blocking.xreadgroup('GROUP', group, this.consumer, 'COUNT', BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', keys.eventStream, '>')) as
          | [string, StreamEntry[]][]
          | null;
        for (const entry of reply?.[0]?.[1] ?? []) await this.handle(entry);
      } catch (error) {
        if (this.disposed) return;
        logger.warn('event consumer loop failed; retrying', { group, error: (error as Error).message });
        await sleep(500);
      }
    }
  }

  private async ensureGroup(): Promise<void> {
    try {
      await this.options.command.xgroup('CREATE', this.options.keys.eventStream, this.options.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  private async claimAbandoned(): Promise<void> {
    const { command, keys, group, claimIdleMs } = this.options;
    const [, entries] = (await command.xautoclaim(keys.eventStream, group, this.consumer, claimIdleMs, '0-0', 'COUNT', BATCH)) as [string, StreamEntry[]];
    for (const entry of entries) if (entry && entry[1]) await this.handle(entry);
  }

  /** Tries the handler up to maxAttempts, then gives up (dead letter); acknowledges either way. */
  private async handle(entry: StreamEntry): Promise<void> {
    const { command, keys, group, consume } = this.options;
    const logged = loggedEventOf(entry);
    let lastError = new Error('not handled');
    for (let attempt = 1; attempt <= consume.maxAttempts; attempt++) {
      try {
        await this.options.handler(logged);
        await command.xack(keys.eventStream, group, entry[0]);
        return;
      } catch (error) {
        lastError = error instanceof Error ? error : new Error(String(error));
        if (this.disposed) throw lastError;
        await sleep(50 * attempt);
      }
    }
    // If Redis itself is away, giving up fails too and the entry stays pending for a later retry.
    await consume.onGiveUp(logged, lastError);
    await command.xack(keys.eventStream, group, entry[0]);
  }

  /** Caught up: nothing pending and nothing left unread for this group. */
  async idle(): Promise<void> {
    const { command, keys, group } = this.options;
    for (;;) {
      const groups = (await command.xinfo('GROUPS', keys.eventStream).catch(() => [])) as (string | number)[][];
      const info = groups.map((g) => Object.fromEntries(chunk(g))).find((g) => g.name === group);
      if (info && Number(info.pending) === 0 && Number(info.lag) === 0) return;
      await sleep(20);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.blocking?.disconnect();
    await this.loop;
    this.options.onDispose();
  }
}

function chunk(flat: (string | number)[]): [string, string | number][] {
  const pairs: [string, string | number][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([String(flat[i]), flat[i + 1]]);
  return pairs;
}
