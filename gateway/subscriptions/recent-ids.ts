/**
 * The last `capacity` update ids seen, oldest evicted first: enough to drop an update that arrives
 * twice (an upstream resumed from a cursor that, with several instances applying events, can be
 * behind an update already delivered), far fewer than a stream ever carries.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 2048) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** False when `id` was already there. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
}
