import type { CanonicalEvent } from './types';
import { EventType } from './types';
import type { OptionsOf, OptionSource } from '../settings';

/** What one principal may emit through the HTTP door: globs of sources and of event types, and the carriers it speaks for. */
export interface EmitterBinding {
  sources?: readonly string[];
  eventTypes?: readonly string[];
  /** SCACs (upper-case); when given, its events must be about shipments tendered to one of them (carrier-binding.ts). */
  carriers?: readonly string[];
}

/** What integrations whose token names no binding may emit. */
export const EMITTER_DEFAULTS = {
  sources: 'LADING_INTEGRATION_SOURCES',
  eventTypes: 'LADING_INTEGRATION_EVENT_TYPES',
} as const satisfies OptionSource;
export type EmitterDefaults = Readonly<OptionsOf<typeof EMITTER_DEFAULTS>>;

/** Lading's own reactions (the RATED charge, the freight accrual) carry these sources; they are appended internally only. */
export const RESERVED_SOURCE = 'urn:lading:*';

/**
 * Event types only Lading derives (the freight accrual, SLA breaches): a forged accrual would silence
 * the accrual SLA and a forged breach would raise a false one, so no integration may emit them.
 */
export const RESERVED_TYPES: ReadonlySet<string> = new Set([
  EventType.AccrualCreated,
  EventType.CarrierSlaBreached,
  EventType.FinanceSlaBreached,
]);

/**
 * A glob: `*` matches any run of characters (`:` included), everything else itself, ignoring case
 * (URN schemes and NIDs are case-insensitive). Matched by the two-pointer method, without a
 * regular expression, so no glob can make matching backtrack exponentially.
 */
export function globMatches(glob: string, value: string): boolean {
  const g = glob.toLowerCase();
  const v = value.toLowerCase();
  let gi = 0;
  let vi = 0;
  let star = -1;
  let resume = 0;
  while (vi < v.length) {
    if (gi < g.length && g[gi] === '*') {
      star = gi++;
      resume = vi;
    } else if (gi < g.length && g[gi] === v[vi]) {
      gi++;
      vi++;
    } else if (star !== -1) {
      gi = star + 1;
      vi = ++resume;
    } else {
      return false;
    }
  }
  while (gi < g.length && g[gi] === '*') gi++;
  return gi === g.length;
}

/**
 * Why an event from the HTTP door is refused (`source_not_allowed: …`), or undefined when its
 * principal may emit it. `urn:lading:*` is refused whatever the binding says.
 */
export function emitterRefusal(
  event: Pick<CanonicalEvent, 'source' | 'type'>,
  binding: EmitterBinding,
  defaults: EmitterDefaults,
): string | undefined {
  if (globMatches(RESERVED_SOURCE, event.source)) {
    return `source_not_allowed: ${RESERVED_SOURCE} is reserved for Lading's own reactions`;
  }
  if (RESERVED_TYPES.has(event.type)) {
    return `source_not_allowed: ${event.type} is derived by Lading itself and cannot be posted`;
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
