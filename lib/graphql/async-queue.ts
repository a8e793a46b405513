/**
 * A push-based AsyncIterableIterator: producers `push`, a GraphQL subscription consumes.
 *
 * Two ways to stop, on purpose different: the producer ends the stream with `end()` (or `fail()`),
 * and everything pushed before still reaches the consumer; the consumer leaves with `return()`,
 * and then nothing is left to deliver to. Either runs the cleanup once.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private readonly waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }[] = [];
  /** Boxed, so that any value (even undefined) given to `fail` is delivered. */
  private failure: { error: unknown } | undefined;
  private done = false;
  private markClosed!: () => void;
  /** Settles once the queue is closed, by either side. */
  readonly closedPromise = new Promise<void>((resolve) => (this.markClosed = resolve));

  constructor(
    private readonly onClose: () => void | Promise<void> = () => undefined,
    /** Told each time the consumer takes a buffered value: the producer may have room again. */
    private readonly onTaken: () => void = () => undefined,
  ) {}

  push(value: T): void {
    if (this.done) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve({ value, done: false });
    else this.buffer.push(value);
  }

  /** Ends with an error, delivered after the values already buffered. */
  fail(error: unknown): void {
    if (this.done) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter.reject(error);
    else this.failure = { error };
    void this.finish();
  }

  /** The producer has nothing more: the consumer still receives what is buffered, then `done`. */
  end(): void {
    void this.finish();
  }

  get closed(): boolean {
    return this.done;
  }

  /** Values pushed but not yet taken by the consumer. */
  get buffered(): number {
    return this.buffer.length;
  }

  async next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) {
      const value = this.buffer.shift() as T;
      this.onTaken();
      return { value, done: false };
    }
    if (this.failure !== undefined) {
      const { error } = this.failure;
      this.failure = undefined;
      throw error;
    }
    if (this.done) return { value: undefined, done: true };
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** The consumer leaves: what is buffered has nobody to go to. */
  async return(): Promise<IteratorResult<T>> {
    this.buffer.length = 0;
    this.failure = undefined;
    await this.finish();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private async finish(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.markClosed();
    for (const waiter of this.waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
    await this.onClose();
  }
}
