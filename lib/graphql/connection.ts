import { UserInputError } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';

export const MAX_PAGE_SIZE = 100;

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface PageSource<T> {
  /** Keys strictly after `after`, ascending, at most `count`. */
  range(after: string | undefined, count: number): Promise<string[]>;
  /** Nodes for keys, in key order (null where gone). */
  load(keys: string[]): Promise<(T | null)[]>;
  total(): Promise<number>;
}

export function checkPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new UserInputError(`first must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  }
}

/** A Relay connection page over any ordered key range. */
export async function paginate<T>(source: PageSource<T>, first: number, after?: string | null): Promise<Connection<T>> {
  checkPageSize(first);
  const afterKey = after ? decodeCursor(after) : undefined;
  const [keys, totalCount] = await Promise.all([source.range(afterKey, first + 1), source.total()]);
  const pageKeys = keys.slice(0, first);
  const nodes = await source.load(pageKeys);
  const edges = pageKeys.flatMap((key, i) => (nodes[i] === null ? [] : [{ cursor: encodeCursor(key), node: nodes[i] }]));
  return {
    edges,
    pageInfo: { hasNextPage: keys.length > first, endCursor: pageKeys.length ? encodeCursor(pageKeys[pageKeys.length - 1]) : null },
    totalCount,
  };
}
