import type { Logger } from '../logger';
import type { ChangeStreamName, ChangeStreams, Stamped } from './change-stream';
import { UpdatesMissedError } from './updates-missed';

const PAGE = 200;
/** After a failed step (Redis away), the next one waits this long. */
const RETRY_MS = 1_000;

export interface ChangeConsumerOptions<T> {
  changes: ChangeStreams;
  stream: ChangeStreamName;
  /** The id of the last change handled, kept in the consumer's own store; null before the first. */
  offset(): Promise<string | null>;
  /**
   * Handles a page of changes and moves the offset from `from` to the page's last id, in one
   * conditional commit (another instance that moved it first handled the page). `page` is empty
   * when changes were trimmed before they were read (`to` is then where reading goes on).
   */
  handle(page: Stamped<T>[], advance: { from: string | null; to: string }): Promise<void>;
  logger: Logger;
}

/**
 * Consumes a change stream from a durable offset, at least once: reads a page after the offset,
 * hands it over with the offset to move to, and when the stream has nothing more waits to be told
 * of a new entry (it follows the stream: no polling). A crash between reading and the handler's
 * commit reads the page again, so handlers are idempotent by change id.
 */
export function consumeChanges<T>(options: ChangeConsumerOptions<T>): { dispose(): Promise<void> } {
  let disposed = false;
  /** Set when the stream may have grown since the last read; `wake` ends the wait for it. */
  let grown = true;
  let wake: (() => void) | undefined;
  let stopFollowing: () => void = () => undefined;

  const step = async (): Promise<boolean> => {
    grown = false;
    const from = await options.offset();
    let page: Stamped<T>[];
    try {
      page = await options.changes.read<T>(options.stream, from ?? undefined, PAGE);
    } catch (error) {
      if (!(error instanceof UpdatesMissedError)) throw error;
      options.logger.warn('changes were trimmed before they were consumed', { after: error.after, resumeAfter: error.resumeAfter });
      await options.handle([], { from, to: error.resumeAfter });
      return true;
    }
    if (page.length === 0) return false;
    await options.handle(page, { from, to: page[page.length - 1].id });
    return true;
  };

  const run = async () => {
    // Followed before the first read: a change committed after that read ends the wait.
    stopFollowing = await options.changes.follow(options.stream, () => {
      grown = true;
      wake?.();
    });
    while (!disposed) {
      try {
        if (!(await step()) && !grown && !disposed) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      } catch (error) {
        options.logger.error('change consumer step failed; retrying', { error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  };
  const loop = run();

  return {
    async dispose() {
      disposed = true;
      stopFollowing();
      wake?.();
      await loop;
    },
  };
}
