import { EventType, SourceSystem } from '../../../lib/events/types';
import type { SlaSigns } from './sla-signs';
import { noSlaSigns, noteSla, openBreaches } from './sla-signs';
import type { Discrepancy } from './discrepancy';
import type { Fact } from './fact';
import type { SettlementSigns } from './settlement-facts';
import { noSettlementSigns, noteSettlement, settlementDiscrepancies } from './settlement-facts';

/** What the discrepancy rules look at, kept up to date fact by fact (facts in occurrence order). */
export interface DiscrepancySigns {
  loaded: boolean;
  delivered: boolean;
  accrued: boolean;
  /** When the first pickup (or in-transit scan) happened. */
  pickedUpAt: string | null;
  /** When the first cancellation happened. */
  cancelledAt: string | null;
  /** Carrier invoices against rate and accrual (optional: folds stored before settlement lack it). */
  settlement?: SettlementSigns;
  /** SLA clocks and open breaches (optional likewise). */
  sla?: SlaSigns;
}

export function noDiscrepancySigns(): DiscrepancySigns {
  return {
    loaded: false,
    delivered: false,
    accrued: false,
    pickedUpAt: null,
    cancelledAt: null,
    settlement: noSettlementSigns(),
    sla: noSlaSigns(),
  };
}

/** Notes a fact; facts must come in occurrence order, so the first of a kind is the earliest. */
export function noteDiscrepancySigns(signs: DiscrepancySigns, fact: Fact): void {
  noteSettlement((signs.settlement ??= noSettlementSigns()), fact);
  noteSla((signs.sla ??= noSlaSigns()), fact);
  switch (fact.type) {
    case EventType.ShipmentLoaded:
      signs.loaded = true;
      return;
    case EventType.Delivered:
      signs.delivered = true;
      return;
    case EventType.AccrualCreated:
      signs.accrued = true;
      return;
    case EventType.PickedUp:
    case EventType.InTransit:
      signs.pickedUpAt ??= fact.occurredAt;
      return;
    case EventType.OrderCancelled:
      signs.cancelledAt ??= fact.occurredAt;
      return;
  }
}

/** Cross-system mismatches. */
export function discrepanciesOf(signs: DiscrepancySigns): Discrepancy[] {
  const found: Discrepancy[] = [];
  if (signs.delivered && !signs.loaded) {
    found.push({
      code: 'DELIVERED_NOT_LOADED',
      message: 'Delivered according to the TMS, but the WMS never loaded it',
      systems: [SourceSystem.TMS, SourceSystem.WMS],
    });
  }
  if (signs.pickedUpAt !== null && signs.cancelledAt !== null && signs.cancelledAt >= signs.pickedUpAt) {
    found.push({
      code: 'CANCELLED_AFTER_PICKUP',
      message: 'Cancelled in the ERP after the carrier picked it up',
      systems: [SourceSystem.ERP, SourceSystem.TMS],
    });
  }
  if (signs.delivered && !signs.accrued) {
    found.push({
      code: 'DELIVERED_WITHOUT_ACCRUAL',
      message: 'Delivered, but finance has no freight accrual for it',
      systems: [SourceSystem.TMS, SourceSystem.FINANCE],
    });
  }
  const settlement = signs.settlement ? settlementDiscrepancies(signs.settlement) : [];
  const breaches = signs.sla ? openBreaches(signs.sla) : [];
  return [...found, ...settlement, ...breaches.map(({ code, message, systems }) => ({ code, message, systems }))];
}
