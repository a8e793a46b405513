import { SourceSystem, sourceSystemOf } from '../../../lib/events/types';
import { Fact } from './fact';
import { optionalString } from '../../../lib/events/event-data';

export interface Milestone {
  eventId: string;
  type: string;
  source: SourceSystem;
  occurredAt: string;
  recordedAt: string;
  location: string | null;
  reasonCode: string | null;
}

/** A fact as the portal-facing timeline shows it. */
export function milestoneOf(fact: Fact): Milestone {
  return {
    eventId: fact.eventId,
    type: fact.type,
    source: sourceSystemOf(fact.type),
    occurredAt: fact.occurredAt,
    recordedAt: fact.recordedAt,
    location: optionalString(fact.data.location),
    reasonCode: optionalString(fact.data.reasonCode),
  };
}
