import { EventType, SourceSystem } from '../../../lib/events/types';
import { openBreaches } from '../sla/sla-rules';
import { Fact } from './fact';
import { settlementDiscrepancies } from './settlement-facts';

export interface Discrepancy {
  code: string;
  message: string;
  systems: SourceSystem[];
}

const PICKUP_TYPES: ReadonlySet<string> = new Set([EventType.PickedUp, EventType.InTransit]);

/** Cross-system mismatches; `facts` must be in occurrence order. */
export function findDiscrepancies(facts: readonly Fact[]): Discrepancy[] {
  const has = (type: EventType) => facts.some((f) => f.type === type);
  const found: Discrepancy[] = [];
  const delivered = facts.find((f) => f.type === EventType.Delivered);
  if (delivered && !has(EventType.ShipmentLoaded)) {
    found.push({
      code: 'DELIVERED_NOT_LOADED',
      message: 'Delivered according to the TMS, but the WMS never loaded it',
      systems: [SourceSystem.TMS, SourceSystem.WMS],
    });
  }
  const pickup = facts.find((f) => PICKUP_TYPES.has(f.type));
  const cancel = facts.find((f) => f.type === EventType.OrderCancelled);
  if (pickup && cancel && cancel.occurredAt >= pickup.occurredAt) {
    found.push({
      code: 'CANCELLED_AFTER_PICKUP',
      message: 'Cancelled in the ERP after the carrier picked it up',
      systems: [SourceSystem.ERP, SourceSystem.TMS],
    });
  }
  if (delivered && !has(EventType.AccrualCreated)) {
    found.push({
      code: 'DELIVERED_WITHOUT_ACCRUAL',
      message: 'Delivered, but finance has no freight accrual for it',
      systems: [SourceSystem.TMS, SourceSystem.FINANCE],
    });
  }
  return [...found, ...settlementDiscrepancies(facts), ...openBreaches(facts).map(({ code, message, systems }) => ({ code, message, systems }))];
}
