/**
 * Compares strings as Redis orders members of equal score (ZRANGEBYLEX) and stream ids: by their
 * UTF-8 bytes. JavaScript's `<` compares UTF-16 code units, which differs beyond the BMP; merging
 * partitions' pages in another order would make a cursor skip entries.
 */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
