import { EMITTER_DEFAULTS } from '../events/emitter-policy';
import { EVENT_LIMITS } from '../events/event-limits';
import type { Clock } from '../clock';
import type { EventLog } from '../events/event-log';
import { EventPipeline } from '../events/pipeline';
import type { SyncClass } from '../events/sync-classes';
import { SYNC_LAG_LIMITS } from '../events/sync-lag';
import type { CanonicalEvent } from '../events/types';
import type { Logger } from '../logger';
import type { DocumentStore } from '../store/document-store';
import type { OptionsOf, OptionSource } from '../settings';

/** What the memory and Redis runtimes alike take from the settings; each left out: its setting's default. */
export const RUNTIME_SETTINGS = {
  /** How long an event may be held before it is dead-lettered as `orphan`. */
  holdTtlMs: 'LADING_HOLD_TTL',
  /** How long dedup entries, applied markers, handled log entries and change stream entries are kept. */
  retentionMs: 'LADING_EVENT_RETENTION',
  /** Event shape limits and integration defaults of `POST /events` (docs/events.md). */
  ingest: { limits: EVENT_LIMITS, emitters: EMITTER_DEFAULTS },
  /** Overrides of the event types' synchronisation classes (docs/events.md#synchronisation-classes). */
  syncClasses: 'LADING_SYNC_CLASSES',
  /** Each class's lag limit: stale past it, and but for real-time, pushed back with 429. */
  syncLagLimits: SYNC_LAG_LIMITS,
  /** Requests without a real-time event one gateway stores at once. */
  syncMaxInFlight: 'LADING_SYNC_MAX_INFLIGHT',
} as const satisfies OptionSource;
export type RuntimeSettings = OptionsOf<typeof RUNTIME_SETTINGS>;

/** The event pipeline of a runtime over `log`, as both runtimes build it: classified, limited and timed by the settings. */
export function pipelineOf(
  log: EventLog,
  ops: DocumentStore,
  logger: Logger,
  options: Partial<RuntimeSettings> & { clock?: Clock },
  classify: (event: Pick<CanonicalEvent, 'source' | 'type'>) => SyncClass,
): EventPipeline {
  return new EventPipeline({
    log,
    classify,
    syncLagLimits: options.syncLagLimits,
    syncMaxInFlight: options.syncMaxInFlight,
    ops,
    logger,
    retentionMs: options.retentionMs,
    ingest: options.ingest,
    clock: options.clock,
  });
}
