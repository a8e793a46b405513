import type { Milestone } from '../../../lib/changes/shipment-change';
import { sourceSystemOf } from '../../../lib/events/types';
import type { Fact } from './fact';
import type { CarrierCodes } from '../../../lib/carriers/carrier-codes';
import { carrierCodesOf } from '../../../lib/carriers/carrier-codes';

/**
 * Codes a carrier adapter kept in the event data: outside the type's spec, so read as the sender
 * sent them (strings only).
 */
function sentCodes(data: Readonly<Record<string, unknown>>): Partial<CarrierCodes> | undefined {
  const value = data.carrierCodes;
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string'));
}

// A shape published on the change stream, so defined with it.
export type { Milestone } from '../../../lib/changes/shipment-change';

/** A fact as the portal-facing timeline shows it. */
export function milestoneOf(fact: Fact): Milestone {
  const location = 'location' in fact.data ? (fact.data.location ?? null) : null;
  const reasonCode = 'reasonCode' in fact.data ? (fact.data.reasonCode ?? null) : null;
  return {
    eventId: fact.eventId,
    type: fact.type,
    source: sourceSystemOf(fact.type),
    occurredAt: fact.occurredAt,
    recordedAt: fact.recordedAt,
    location,
    reasonCode,
    carrierCodes: carrierCodesOf(fact.type, reasonCode, sentCodes(fact.data)),
  };
}
