import type { Logger } from '../logger';
import type { RedisClient } from '../redis/client';
import { READY_TIMEOUT_MS, waitUntilReady } from '../redis/connect';
import type { StreamEntry } from '../redis/stream-reply';
import { parseEntries } from '../redis/stream-reply';

const BATCH = 1_000;
/** One XREAD blocks this long at most, then the next is sent: a reply late beyond it means Redis is away. */
export const TAIL_BLOCK_MS = 10_000;
/** After a failed read (Redis away), the next one waits this long: a reconnecting connection refuses commands. */
const RETRY_MS = 500;

/**
 * Follows one partition's stream of a change stream for the whole process: ONE blocking XREAD at a
 * time, on a connection of its own (a connection blocked in XREAD cannot serve any other command,
 * so it must not be the shared one). It starts at the stream's newest entry and goes on from the
 * last id it read, so no entry committed after it started is skipped, across reconnections too.
 */
export class RedisChangeTail {
  private last = '0-0';
  private disposed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly blocking: RedisClient,
    private readonly key: string,
    private readonly deliver: (entries: StreamEntry[]) => void,
    private readonly logger: Logger,
  ) {}

  /** Finds where reading starts, after the newest entry: resolves with that entry's id (`0-0` for an empty stream). */
  async start(): Promise<string> {
    // Its connection refuses commands until ready (no offline queue).
    await waitUntilReady(this.blocking, READY_TIMEOUT_MS);
    const [newest] = parseEntries(await this.redis.xrevrange(this.key, '+', '-', 'COUNT', 1));
    this.last = newest?.id ?? '0-0';
    return this.last;
  }

  /** Reads on from where `start` found, until disposed. */
  run(): void {
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
      this.deliver(entries);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    // Ends the blocked XREAD: QUIT would wait behind it.
    this.blocking.disconnect();
  }
}
