import { CanonicalEvent } from './types';

/** What one principal may emit through the HTTP door: globs of sources and of event types. */
export interface EmitterBinding {
  sources?: readonly string[];
  eventTypes?: readonly string[];
}

/** For integrations whose token names no binding: `LADING_INTEGRATION_SOURCES` / `LADING_INTEGRATION_EVENT_TYPES`, default `*`. */
export interface EmitterDefaults {
  sources: readonly string[];
  eventTypes: readonly string[];
}

export const DEFAULT_EMITTERS: EmitterDefaults = { sources: ['*'], eventTypes: ['*'] };

/** Lading's own reactions (the RATED charge, the freight accrual) carry these sources; they are appended internally only. */
export const RESERVED_SOURCE = 'urn:lading:*';

/** A glob: `*` matches any run of characters (`:` included), everything else itself, ignoring case (URN schemes and NIDs are case-insensitive). */
export function globMatches(glob: string, value: string): boolean {
  const pattern = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`, 'is').test(value);
}

/**
 * Why an event from the HTTP door is refused (`source_not_allowed: …`), or undefined when its
 * principal may emit it. `urn:lading:*` is refused whatever the binding says.
 */
export function emitterRefusal(event: Pick<CanonicalEvent, 'source' | 'type'>, binding: EmitterBinding, defaults: EmitterDefaults): string | undefined {
  if (globMatches(RESERVED_SOURCE, event.source)) {
    return `source_not_allowed: ${RESERVED_SOURCE} is reserved for Lading's own reactions`;
  }
  const sources = binding.sources ?? defaults.sources;
  if (!sources.some((glob) => globMatches(glob, event.source))) {
    return `source_not_allowed: this integration may not emit source "${event.source}" (allowed: ${sources.join(', ') || 'none'})`;
  }
  const types = binding.eventTypes ?? defaults.eventTypes;
  if (!types.some((glob) => globMatches(glob, event.type))) {
    return `source_not_allowed: this integration may not emit events of type ${event.type} (allowed: ${types.join(', ') || 'none'})`;
  }
  return undefined;
}
