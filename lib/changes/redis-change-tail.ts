import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { READY_TIMEOUT_MS, waitUntilReady } from '../redis/connect';
import type { StreamEntry } from '../redis/stream-reply';
import { parseEntries } from '../redis/stream-reply';
import type { ChangeListener, Stamped } from './change-stream';

const BATCH = 1_000;
/** One XREAD blocks this long at most, then the next is sent: a reply late beyond it means Redis is away. */
export const TAIL_BLOCK_MS = 10_000;
/** After a failed read (Redis away), the next one waits this long: a reconnecting connection refuses commands. */
const RETRY_MS = 500;

/**
 * Follows one change stream for every listener of the process: ONE blocking XREAD at a time, on
 * a connection of its own (a connection blocked in XREAD cannot serve any other command, so it
 * must not be the shared one), fanned out to the listeners in-process. It starts at the stream's
 * newest entry when the first listener arrives and goes on from the last id it read, so no
 * entry committed after a listener was added is skipped, across reconnections too.
 */
export class RedisChangeTail {
  private readonly listeners = new Set<ChangeListener<unknown>>();
  private started: Promise<void> | undefined;
  private last = '0-0';
  private disposed = false;

  constructor(
    private readonly redis: Redis,
    private readonly blocking: Redis,
    private readonly key: string,
    private readonly parse: (entry: StreamEntry) => Stamped<unknown>,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  /** Resolves once the tail reads from a known id: entries committed after that reach the listener. */
  async add(listener: ChangeListener<unknown>): Promise<() => void> {
    // A start that failed (Redis away) is tried again by the next follower.
    this.started ??= this.start().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    });
    await this.started;
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private async start(): Promise<void> {
    // Its connection refuses commands until ready (no offline queue).
    await waitUntilReady(this.blocking, READY_TIMEOUT_MS);
    const [newest] = parseEntries(await this.redis.xrevrange(this.key, '+', '-', 'COUNT', 1));
    this.last = newest?.id ?? '0-0';
    void this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.disposed) {
      let entries: StreamEntry[];
      try {
        const reply = await this.blocking.xread('COUNT', BATCH, 'BLOCK', TAIL_BLOCK_MS, 'STREAMS', this.key, this.last);
        entries = reply === null ? [] : parseEntries(reply[0][1]);
      } catch (error) {
        if (this.disposed) return;
        this.logger.warn('change stream read failed; retrying', { error: String(error), stream: this.key });
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        continue;
      }
      if (entries.length === 0) continue;
      this.last = entries[entries.length - 1].id;
      // Parsed once for every listener: listeners read records, never change them.
      const stamped = entries.map((e) => this.parse(e));
      for (const listener of this.listeners) listener(stamped);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    // Ends the blocked XREAD: QUIT would wait behind it.
    this.blocking.disconnect();
  }
}
