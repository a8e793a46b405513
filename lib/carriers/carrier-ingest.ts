import type { DeadLetterStore } from '../events/dead-letters';
import type { EventLimits } from '../events/event-limits';
import type { IngestResult } from '../events/ingest';
import type { Resolution } from '../events/shipment-registry';

/** What carrier adapters need of the pipeline: the one ingest path, reference resolution, and dead letters for what they reject. */
export interface CarrierIngestPort {
  ingest(events: readonly unknown[]): Promise<IngestResult[]>;
  /** The Lading shipment id the carrier's references name (Lading id, ERP shipment number, tracking/PRO number, BOL). */
  resolve(references: readonly string[]): Promise<Resolution>;
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

/** Dead-letter reason word of a carrier message naming no shipment Lading knows (docs/contract.md §8). */
export const UNKNOWN_REFERENCE = 'unknown_reference';

export function outcomeOf(result: IngestResult, type?: string): EventOutcome {
  return { id: result.id, ...(type ? { type } : {}), status: result.status, ...(result.reason ? { reason: result.reason } : {}) };
}
