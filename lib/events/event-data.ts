/** An optional string field of an event's `data`: the string, or null when absent or of another type. */
export function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
