import type { SlaSigns } from '../../../lib/changes/shipment-change';
import type { SlaRules } from '../../../lib/governance';
import type { Breach, ShipmentBreach, SlaClock } from '../../../lib/sla/sla-catalogue';
import { SHIPMENT_SLA, SlaCode, breachOf, isShipmentSlaCode } from '../../../lib/sla/sla-catalogue';
import { EventType, SourceSystem, sourceSystemOf } from '../../../lib/events/types';
import type { Fact } from './fact';
import { STATUS_RANK, ShipmentStatus } from './status-rules';

// A shape published on the change stream, so defined with it.
export type { SlaSigns } from '../../../lib/changes/shipment-change';

export function noSlaSigns(): SlaSigns {
  return { lastCarrierUpdate: null, deliveredRecordedAt: null, deliveredOccurredAt: null, accrued: false, invoiced: false, open: [] };
}

/** When each rule's clock started for a shipment in `status`, or null when the rule does not apply; and when the late event stops it. */
const CLOCKS: Record<
  keyof typeof SHIPMENT_SLA,
  { since(signs: SlaSigns, status: ShipmentStatus): string | null; cleared(signs: SlaSigns, since: string): boolean }
> = {
  [SlaCode.NoCarrierUpdate]: {
    since: (signs, status) => (MOVING.has(status) ? signs.lastCarrierUpdate : null),
    cleared: (signs, since) => signs.lastCarrierUpdate !== null && signs.lastCarrierUpdate > since,
  },
  // The accrual is Lading's own reaction: its clock starts when Lading learnt of the delivery.
  [SlaCode.AccrualLate]: {
    since: (signs) => (signs.accrued ? null : signs.deliveredRecordedAt),
    cleared: (signs) => signs.accrued,
  },
  [SlaCode.NotInvoiced]: {
    since: (signs, status) => (STATUS_RANK[status] > STATUS_RANK.DELIVERED || signs.invoiced ? null : signs.deliveredOccurredAt),
    cleared: (signs) => signs.invoiced,
  },
};

const BREACH_TYPES: ReadonlySet<string> = new Set([EventType.CarrierSlaBreached, EventType.FinanceSlaBreached]);
const isCarrierUpdate = (f: Fact) => sourceSystemOf(f.type) === SourceSystem.TMS && !BREACH_TYPES.has(f.type);
const MOVING = new Set<ShipmentStatus>([ShipmentStatus.IN_TRANSIT, ShipmentStatus.OUT_FOR_DELIVERY]);
const cleared = (signs: SlaSigns, breach: { code: string; since: string }) =>
  isShipmentSlaCode(breach.code) && CLOCKS[breach.code].cleared(signs, breach.since);

/** Notes one fact (in occurrence order): clocks, late events, breach records. Constant work per fact. */
export function noteSla(signs: SlaSigns, fact: Fact): void {
  if (fact.type === EventType.CarrierSlaBreached || fact.type === EventType.FinanceSlaBreached) {
    const { data } = fact;
    if (!isShipmentSlaCode(data.code) || cleared(signs, data) || signs.open.some((b) => b.code === data.code && b.since === data.since))
      return;
    const rule = SHIPMENT_SLA[data.code];
    signs.open.push({
      code: data.code,
      since: data.since,
      dueAt: data.dueAt,
      message: data.message ?? rule.message,
      systems: rule.systems,
    });
    signs.open.sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
    return;
  }
  if (isCarrierUpdate(fact) && (signs.lastCarrierUpdate === null || fact.occurredAt > signs.lastCarrierUpdate))
    signs.lastCarrierUpdate = fact.occurredAt;
  if (fact.type === EventType.Delivered && signs.deliveredRecordedAt === null) {
    signs.deliveredRecordedAt = fact.recordedAt;
    signs.deliveredOccurredAt = fact.occurredAt;
  }
  if (fact.type === EventType.AccrualCreated) signs.accrued = true;
  if (fact.type === EventType.InvoiceApproved) signs.invoiced = true;
  signs.open = signs.open.filter((b) => !cleared(signs, b));
}

/** The rules' clocks running for a shipment now (each will breach at since + limit unless its late event comes). */
export function slaClocks(signs: SlaSigns, status: ShipmentStatus): SlaClock[] {
  return (Object.keys(CLOCKS) as (keyof typeof CLOCKS)[]).flatMap((code) => {
    const since = CLOCKS[code].since(signs, status);
    return since === null ? [] : [{ code, since }];
  });
}

/** The clocks running and not recorded as breaches yet: each breaches at since + limit (the scheduler records it then). */
export function unrecordedClocks(signs: SlaSigns, status: ShipmentStatus): SlaClock[] {
  // A recorded breach of a clock still running is open (its late event would have stopped the clock).
  const recorded = new Set(signs.open.map((b) => `${b.code}|${b.since}`));
  return slaClocks(signs, status).filter((clock) => !recorded.has(`${clock.code}|${clock.since}`));
}

/** Breaches of one shipment due at `now` and not recorded yet. */
export function dueBreaches(signs: SlaSigns, status: ShipmentStatus, now: number, rules: SlaRules): ShipmentBreach[] {
  return unrecordedClocks(signs, status)
    .map((clock) => breachOf(clock, rules))
    .filter((breach) => Date.parse(breach.dueAt) <= now);
}

/** Recorded breaches whose late event has not arrived: SLA discrepancies. */
export function openBreaches(signs: SlaSigns): Breach[] {
  return signs.open;
}

/** A shipment's SLA signs, from its fold (constant size, whatever its history). */
export function slaSignsOf(shipment: { fold: { signs: { sla?: SlaSigns } } }): SlaSigns {
  return shipment.fold.signs.sla ?? noSlaSigns();
}
