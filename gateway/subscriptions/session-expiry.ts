/** Node's timers hold at most 2^31 - 1 ms (~24.8 days); longer delays fire at once. Tokens may live longer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `expire` when `expiresAt` (ms since the epoch) passes, however far away, by chaining timers
 * no longer than Node allows. Returns the function that cancels it (call it when the session closes).
 */
export function atExpiry(expiresAt: number, expire: () => void, now: () => number = Date.now): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = expiresAt - now();
    if (left <= 0) {
      timer = undefined;
      expire();
      return;
    }
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    // A session's timer must not keep the process alive on shutdown.
    timer.unref();
  };
  arm();
  return () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
}
