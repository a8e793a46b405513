import { GraphQLError } from 'graphql';
import type { Delivery } from './delivery';

/** Resolutions that run concurrently and are handed over in the order they were added. */
export class OrderedResolutions {
  private readonly queue: Promise<Delivery>[] = [];
  private flushing = Promise.resolve();

  constructor(
    private readonly limit: number,
    private readonly deliver: (delivery: Delivery) => void,
  ) {}

  async add(resolution: Promise<Delivery>): Promise<void> {
    this.queue.push(resolution);
    this.flushing = this.flushing.then(() => this.flushHead());
    if (this.queue.length >= this.limit) await this.flushing;
  }

  drain(): Promise<void> {
    return this.flushing;
  }

  private async flushHead(): Promise<void> {
    const head = this.queue[0];
    if (head === undefined) return;
    const delivery = await head.catch((error: Error): Delivery => ({ result: { errors: [new GraphQLError(error.message)] } }));
    // Drops the head, settled above (so nothing floats); it stayed queued until now so that `limit` counts it.
    void this.queue.shift();
    this.deliver(delivery);
  }
}
