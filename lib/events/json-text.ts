/**
 * JSON text of parsed JSON data without recursion, so that a hostile nesting depth cannot
 * overflow the stack (JSON.stringify recurses and throws a RangeError at a few thousand levels).
 * With `sortKeys`, object keys are sorted: the canonical form content hashes are taken of.
 */
export function jsonText(root: unknown, options: { sortKeys: boolean }): string {
  const out: string[] = [];
  // Work items: a string is emitted as is, a box is a value still to serialise. Pushed in reverse.
  const work: (string | { value: unknown; inArray: boolean })[] = [{ value: root, inArray: false }];
  while (work.length > 0) {
    const item = work.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const { value, inArray } = item;
    if (Array.isArray(value)) {
      const sequence: (string | { value: unknown; inArray: boolean })[] = ['['];
      value.forEach((element, i) => {
        if (i > 0) sequence.push(',');
        sequence.push({ value: element, inArray: true });
      });
      sequence.push(']');
      for (let i = sequence.length - 1; i >= 0; i--) work.push(sequence[i]);
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      if (options.sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const sequence: (string | { value: unknown; inArray: boolean })[] = ['{'];
      entries.forEach(([key, v], i) => {
        sequence.push(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`);
        sequence.push({ value: v, inArray: false });
      });
      sequence.push('}');
      for (let i = sequence.length - 1; i >= 0; i--) work.push(sequence[i]);
    } else {
      // As JSON.stringify: undefined is `null` in an array (and never reaches here as an object value).
      out.push(value === undefined ? (inArray && !options.sortKeys ? 'null' : '') : JSON.stringify(value));
    }
  }
  return out.join('');
}
