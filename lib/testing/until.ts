// Test code, kept in lib/ so that the contract suites beside the implementations (`*.contract.ts`)
// and the unit tests in gateway/ can use it too: nothing outside test/ may import test/.

/** How often a condition is looked at again: often enough to add little to a test, rarely enough to cost nothing. */
const POLL_MS = 20;

/**
 * Waits until `condition` holds, looking again every few milliseconds; fails naming `what` once
 * `timeoutMs` passed. The deadline only bounds a failure (a passing test never waits for it), so it
 * is generous: a loaded two-core machine must not turn a slow pass into a failure.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Like `until`, for a value: reads it until `done` holds and returns it (the last one read is in the error). */
export async function untilValue<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  let value!: T;
  try {
    await until(async () => done((value = await read())), what, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}; last value: ${JSON.stringify(value)?.slice(0, 500)}`, { cause: error });
  }
  return value;
}
