import type { EventData } from '../../../lib/events/event-data';
import { eventOf } from '../../../lib/events/event-data';
import { reactionId } from '../../../lib/events/reaction-id';
import type { CanonicalEvent } from '../../../lib/events/types';
import { EventType } from '../../../lib/events/types';
import type { Money } from '../../../lib/money';

/** Source of the events finance derives itself. */
export const FINANCE_REACTION_SOURCE = 'urn:lading:finance';

type Cause = Pick<CanonicalEvent, 'id' | 'source' | 'time' | 'subject'>;

/** Ids are derived from the triggering event, so a reaction produced twice is a duplicate, applied once. */
function reaction<T extends EventType>(cause: Cause, type: T, kind: string, data: EventData<T>): CanonicalEvent {
  return eventOf(
    type,
    { specversion: '1.0', id: reactionId(kind, cause), source: FINANCE_REACTION_SOURCE, time: cause.time, subject: cause.subject },
    data,
  );
}

/** A tender with a rated cost records a RATED freight charge. */
export function ratedChargeFor(tender: Cause, ratedCost: Money): CanonicalEvent {
  return reaction(tender, EventType.ChargeRecorded, 'rated', {
    chargeId: `RATED-${tender.id}`,
    type: 'FREIGHT',
    stage: 'RATED',
    amount: ratedCost,
  });
}

/**
 * A delivery creates the freight accrual at the rated cost. Without a rated cost the accrual is
 * still created (so the shipment is billable) at zero in `XXX`, ISO 4217's "no currency".
 */
export function accrualFor(delivery: Cause, ratedCost: Money | null): CanonicalEvent {
  return reaction(delivery, EventType.AccrualCreated, 'accrual', {
    accrualId: `ACR-${delivery.subject}`,
    amount: ratedCost ?? { amount: '0.00', currency: 'XXX' },
  });
}
