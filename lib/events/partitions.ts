import type { CanonicalEvent } from './types';
import { aggregateKindOf } from './types';

/**
 * The ordering an event needs: after every earlier event of its aggregate. ERP order events also
 * touch the shipments an order releases or cancels, so they are barriers (`null`): they run after
 * everything before them and before everything after them. They are few (one per order).
 */
export function partitionOf(event: CanonicalEvent): string | null {
  const kind = aggregateKindOf(event.type);
  return kind === 'order' ? null : `${kind}\u0000${event.subject}`;
}

/**
 * Runs tasks in parallel across partitions and in submission order within one, so a busy
 * aggregate never delays another. At most `limit` tasks are in flight: `room()` waits for a slot.
 * Tasks must not reject (the consumptions retry in place, then give up), so one partition's
 * failure never stops another's.
 */
export class PartitionedRunner {
  private readonly tails = new Map<string, Promise<void>>();
  private barrier: Promise<void> = Promise.resolve();
  private running = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  get inFlight(): number {
    return this.running;
  }

  async room(): Promise<void> {
    while (this.running >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Queues `task`; the returned promise settles when it has run. */
  submit(partition: string | null, task: () => Promise<void>): Promise<void> {
    this.running++;
    const before = partition === null ? Promise.all([this.barrier, ...this.tails.values()]) : (this.tails.get(partition) ?? this.barrier);
    // Chained on the settled promise, so a task that rejects after all never stalls its followers.
    const settled = before.then(task).then(
      () => undefined,
      () => undefined,
    );
    if (partition === null) {
      this.tails.clear();
      this.barrier = settled;
    } else {
      this.tails.set(partition, settled);
    }
    void settled.then(() => {
      this.running--;
      if (partition !== null && this.tails.get(partition) === settled) this.tails.delete(partition);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    return settled;
  }

  /** Resolves once every task submitted so far has run. */
  async drained(): Promise<void> {
    while (this.running > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

interface Slot<T> {
  item: T;
  taken: boolean;
}

/**
 * Gathers the items waiting in one partition, so that a run of them is handled as one (one read
 * and one commit for many events of a busy aggregate). Each item's task calls `take` when its
 * turn comes: it gets its own item and those queued behind it (at most `max`), or null when an
 * earlier task already took it.
 */
export class PartitionCoalescer<T> {
  private readonly waiting = new Map<string, Slot<T>[]>();

  constructor(private readonly max: number) {}

  add(partition: string, item: T): Slot<T> {
    const slot = { item, taken: false };
    let list = this.waiting.get(partition);
    if (!list) this.waiting.set(partition, (list = []));
    list.push(slot);
    return slot;
  }

  take(partition: string, slot: Slot<T>): T[] | null {
    if (slot.taken) return null;
    const list = this.waiting.get(partition) ?? [];
    const batch = list.splice(Math.max(0, list.indexOf(slot)), this.max);
    if (list.length === 0) this.waiting.delete(partition);
    for (const s of batch) s.taken = true;
    return batch.map((s) => s.item);
  }
}
