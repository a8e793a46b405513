import { EMITTER_DEFAULTS } from '../events/emitter-policy';
import { EVENT_LIMITS } from '../events/event-limits';
import type { OptionsOf, OptionSource } from '../settings';

/** What the memory and Redis runtimes alike take from the settings; each left out: its setting's default. */
export const RUNTIME_SETTINGS = {
  /** How long an event may be held before it is dead-lettered as `orphan`. */
  holdTtlMs: 'LADING_HOLD_TTL',
  /** How long dedup entries, applied markers and handled log entries are kept. */
  retentionMs: 'LADING_EVENT_RETENTION',
  /** Event shape limits and integration defaults of `POST /events` (docs/events.md). */
  ingest: { limits: EVENT_LIMITS, emitters: EMITTER_DEFAULTS },
} as const satisfies OptionSource;
export type RuntimeSettings = OptionsOf<typeof RUNTIME_SETTINGS>;
