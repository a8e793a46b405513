/** A set of ids kept in ascending lexical (code unit) order, like a Redis sorted set at score 0. */
export class SortedIdSet {
  private readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  add(id: string): void {
    const at = this.lowerBound(id);
    if (this.ids[at] !== id) this.ids.splice(at, 0, id);
  }

  delete(id: string): void {
    const at = this.lowerBound(id);
    if (this.ids[at] === id) this.ids.splice(at, 1);
  }

  /** Up to `first` ids strictly after `after` (from the start when undefined). */
  range(after: string | undefined, first: number): string[] {
    const start = after === undefined ? 0 : this.upperBound(after);
    return this.ids.slice(start, start + Math.max(0, first));
  }

  private lowerBound(id: string): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private upperBound(id: string): number {
    const at = this.lowerBound(id);
    return this.ids[at] === id ? at + 1 : at;
  }
}
