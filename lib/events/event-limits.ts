import type { OptionsOf, OptionSource } from '../settings';

/** Shape limits of one event, checked before anything walks it recursively (docs/events.md). */
export const EVENT_LIMITS = {
  /** Largest event, as the length of its JSON text. */
  maxBytes: 'LADING_EVENT_MAX_BYTES',
  /** Deepest nesting of arrays and objects, the envelope being level 1. */
  maxDepth: 'LADING_EVENT_MAX_DEPTH',
  maxArrayLength: 'LADING_EVENT_MAX_ARRAY',
} as const satisfies OptionSource;
export type EventLimits = OptionsOf<typeof EVENT_LIMITS>;

/**
 * The first limit an event breaks, or undefined. Iterative and stops at the first excess, so a
 * poison event costs at most its limits to refuse. The size is counted as JSON text length
 * (strings approximately: escapes are not counted), a bound the stored form stays close to.
 */
export function limitProblem(raw: unknown, limits: EventLimits): string | undefined {
  let bytes = 0;
  const stack: [unknown, number][] = [[raw, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') bytes += value.length + 2;
    else if (value === null || typeof value !== 'object') bytes += String(value).length;
    else {
      if (depth > limits.maxDepth) return `nesting depth exceeds ${limits.maxDepth}`;
      if (Array.isArray(value)) {
        if (value.length > limits.maxArrayLength) return `an array has ${value.length} elements, more than ${limits.maxArrayLength}`;
        bytes += 2 + value.length;
        for (const element of value) stack.push([element, depth + 1]);
      } else {
        for (const [key, element] of Object.entries(value as Record<string, unknown>)) {
          bytes += key.length + 4;
          stack.push([element, depth + 1]);
        }
        bytes += 2;
      }
    }
    if (bytes > limits.maxBytes) return `event exceeds ${limits.maxBytes} bytes`;
  }
  return undefined;
}
