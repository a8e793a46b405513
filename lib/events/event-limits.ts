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
 * Longest envelope attributes, in characters (docs/events.md). They are identifiers, not documents:
 * each is stored, indexed, echoed in answers and dead letters, and used in keys, so a 10,000-character
 * id would cost every one of those. Protocol-sized, not tunable: generous for any URN, UUID or path.
 */
export const MAX_ATTRIBUTE_LENGTH = { id: 256, source: 512, subject: 256, type: 128 } as const;

/** The first envelope attribute longer than its maximum, named, or undefined. */
export function attributeLengthProblem(raw: Record<string, unknown>): string | undefined {
  for (const [attribute, max] of Object.entries(MAX_ATTRIBUTE_LENGTH)) {
    const value = raw[attribute];
    if (typeof value === 'string' && value.length > max) return `${attribute} is ${value.length} characters long, more than ${max}`;
  }
  return undefined;
}

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
