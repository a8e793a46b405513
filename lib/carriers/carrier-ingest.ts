import type { DeadLetterStore } from '../events/dead-letters';
import type { EventLimits } from '../events/event-limits';
import type { IngestResult } from '../events/ingest';

/** What carrier adapters need of the pipeline: the one ingest path, and dead letters for what they reject. */
export interface CarrierIngestPort {
  ingest(events: readonly unknown[]): Promise<IngestResult[]>;
  /** The shape limits of one event (docs/events.md), held by carrier payloads too. */
  limits: EventLimits;
  deadLetters: Pick<DeadLetterStore, 'add'>;
}

/** A result as partners see it: the canonical event's id and what became of it. */
export interface EventOutcome {
  id: string | null;
  type?: string;
  status: IngestResult['status'];
  reason?: string;
}

export function outcomeOf(result: IngestResult, type?: string): EventOutcome {
  return { id: result.id, ...(type ? { type } : {}), status: result.status, ...(result.reason ? { reason: result.reason } : {}) };
}
