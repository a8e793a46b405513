import { SourceSystem, sourceSystemOf } from '../../../lib/events/types';
import { Fact } from './fact';
import { optionalString } from '../../../lib/events/event-data';
import { CarrierCodes, carrierCodesOf } from '../../../lib/carriers/carrier-codes';

/** Codes a carrier adapter kept in the event data (strings only: data is the sender's). */
function sentCodes(value: unknown): Partial<CarrierCodes> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string'));
}

export interface Milestone {
  eventId: string;
  type: string;
  source: SourceSystem;
  occurredAt: string;
  recordedAt: string;
  location: string | null;
  reasonCode: string | null;
  /** The milestone in X12 214 and DCSA terms (lib/carriers/carrier-codes.ts). */
  carrierCodes: CarrierCodes;
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
    carrierCodes: carrierCodesOf(fact.type, optionalString(fact.data.reasonCode), sentCodes(fact.data.carrierCodes)),
  };
}
