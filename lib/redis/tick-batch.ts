/**
 * Gathers the calls made in one turn of the event loop and sends them as one request: a consumer
 * applies hundreds of aggregates at once, and an ingest batch appends hundreds of events, so
 * their reads, commits and appends become a few Redis commands per turn instead of one (or
 * several) per event. `send` gets the items in call order (at most `max` at a time) and must
 * answer one result per item, in that order; if it throws, every item of that send rejects.
 */
export class TickBatch<In, Out> {
  private queue: { item: In; resolve(out: Out): void; reject(error: unknown): void }[] = [];
  private scheduled = false;

  constructor(
    private readonly send: (items: In[]) => Promise<Out[]>,
    private readonly max = 500,
  ) {}

  add(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the promise callbacks of this turn: every task that was ready has queued its call.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    // Chunks are sent at once, in order: one connection runs them in the order sent.
    for (let start = 0; start < queue.length; start += this.max) {
      const chunk = queue.slice(start, start + this.max);
      let sent: Promise<Out[]>;
      try {
        sent = this.send(chunk.map((c) => c.item));
      } catch (error) {
        sent = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      sent.then(
        (results) => chunk.forEach((c, i) => c.resolve(results[i])),
        (error: unknown) => chunk.forEach((c) => c.reject(error)),
      );
    }
  }
}
