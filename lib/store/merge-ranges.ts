import type { DocumentStore } from './document-store';

/** Ids after `after` across several disjoint indexes, merged in ascending order. */
export async function mergeRanges(
  store: DocumentStore,
  indexes: readonly string[],
  after: string | undefined,
  count: number,
): Promise<string[]> {
  if (indexes.length === 1) return store.range(indexes[0], { after, first: count });
  const ranges = await Promise.all(indexes.map((index) => store.range(index, { after, first: count })));
  return [...new Set(ranges.flat())].sort().slice(0, count);
}
