import { eventOf } from '../../../lib/events/event-data';
import type { CanonicalEvent } from '../../../lib/events/types';
import { EventType, SourceSystem, sourceSystemOf } from '../../../lib/events/types';
import type { SlaRules } from '../../../lib/governance';
import type { Fact } from '../domain/fact';
import { STATUS_RANK, ShipmentStatus } from '../domain/status-rules';

export const SlaCode = {
  NoCarrierUpdate: 'SLA_NO_CARRIER_UPDATE',
  AccrualLate: 'SLA_ACCRUAL_LATE',
  NotInvoiced: 'SLA_NOT_INVOICED',
  HeldEvent: 'SLA_HELD_EVENT',
} as const;
export type SlaCode = (typeof SlaCode)[keyof typeof SlaCode];

export interface Breach {
  code: SlaCode;
  since: string;
  dueAt: string;
  message: string;
  systems: SourceSystem[];
}

/**
 * What the rules look at, kept fact by fact in the shipment's fold (facts in occurrence order), so
 * evaluating them costs the same however long the shipment's history is. Only breaches still open
 * are kept: a cleared breach stays cleared (the late event only ever arrives once more facts come).
 */
export interface SlaSigns {
  /** When the latest carrier (TMS) update happened, breach records aside. */
  lastCarrierUpdate: string | null;
  /** When Lading recorded, and when happened, the first delivery. */
  deliveredRecordedAt: string | null;
  deliveredOccurredAt: string | null;
  accrued: boolean;
  invoiced: boolean;
  /** Recorded breaches whose late event has not arrived, oldest due first. */
  open: Breach[];
}

export function noSlaSigns(): SlaSigns {
  return { lastCarrierUpdate: null, deliveredRecordedAt: null, deliveredOccurredAt: null, accrued: false, invoiced: false, open: [] };
}

interface ShipmentRule {
  code: SlaCode;
  /** The event type that records a breach: named after the system that is late. */
  type: BreachType;
  systems: SourceSystem[];
  message: string;
  /** When the rule's clock started, or null when it does not apply. */
  since(signs: SlaSigns, status: ShipmentStatus): string | null;
  limit(rules: SlaRules): number;
  /** Whether the late event has arrived since the breach (pure in the facts: no clock). */
  cleared(signs: SlaSigns, since: string): boolean;
}

type BreachType = typeof EventType.CarrierSlaBreached | typeof EventType.FinanceSlaBreached;
const BREACH_TYPES: ReadonlySet<string> = new Set<BreachType>([EventType.CarrierSlaBreached, EventType.FinanceSlaBreached]);
const isCarrierUpdate = (f: Fact) => sourceSystemOf(f.type) === SourceSystem.TMS && !BREACH_TYPES.has(f.type);
const MOVING = new Set<ShipmentStatus>([ShipmentStatus.IN_TRANSIT, ShipmentStatus.OUT_FOR_DELIVERY]);

const RULES: readonly ShipmentRule[] = [
  {
    code: SlaCode.NoCarrierUpdate,
    type: EventType.CarrierSlaBreached,
    systems: [SourceSystem.TMS],
    message: 'In transit, but the carrier has sent no update within the SLA',
    since: (signs, status) => (MOVING.has(status) ? signs.lastCarrierUpdate : null),
    limit: (rules) => rules.noCarrierUpdateMs,
    cleared: (signs, since) => signs.lastCarrierUpdate !== null && signs.lastCarrierUpdate > since,
  },
  {
    code: SlaCode.AccrualLate,
    type: EventType.FinanceSlaBreached,
    systems: [SourceSystem.TMS, SourceSystem.FINANCE],
    message: 'Delivered, but no freight accrual was created within the SLA',
    // The accrual is Lading's own reaction: its clock starts when Lading learnt of the delivery.
    since: (signs) => (signs.accrued ? null : signs.deliveredRecordedAt),
    limit: (rules) => rules.accrualMs,
    cleared: (signs) => signs.accrued,
  },
  {
    code: SlaCode.NotInvoiced,
    type: EventType.FinanceSlaBreached,
    systems: [SourceSystem.FINANCE],
    message: 'Delivered, but not invoiced to the customer within the SLA',
    since: (signs, status) => (STATUS_RANK[status] > STATUS_RANK.DELIVERED || signs.invoiced ? null : signs.deliveredOccurredAt),
    limit: (rules) => rules.invoiceMs,
    cleared: (signs) => signs.invoiced,
  },
];

const ruleOf = (code: string) => RULES.find((r) => r.code === code);

/** Notes one fact (in occurrence order): clocks, late events, breach records. Constant work per fact. */
export function noteSla(signs: SlaSigns, fact: Fact): void {
  if (fact.type === EventType.CarrierSlaBreached || fact.type === EventType.FinanceSlaBreached) {
    const { data } = fact;
    const rule = ruleOf(data.code);
    if (!rule || rule.cleared(signs, data.since) || signs.open.some((b) => b.code === data.code && b.since === data.since)) return;
    signs.open.push({
      code: rule.code,
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
  signs.open = signs.open.filter((b) => !(ruleOf(b.code) as ShipmentRule).cleared(signs, b.since));
}

/**
 * Breaches of one shipment whose clock runs and that are not recorded yet, each due at its
 * `dueAt` (the scheduler keeps them by due time and records them then).
 */
export function pendingBreaches(signs: SlaSigns, status: ShipmentStatus, rules: SlaRules): Breach[] {
  // A recorded breach of a clock still running is open (its late event would have stopped the clock).
  const recorded = new Set(signs.open.map((b) => `${b.code}|${b.since}`));
  const pending: Breach[] = [];
  for (const rule of RULES) {
    const since = rule.since(signs, status);
    if (since === null || recorded.has(`${rule.code}|${since}`)) continue;
    const dueAt = new Date(Date.parse(since) + rule.limit(rules)).toISOString();
    pending.push({ code: rule.code, since, dueAt, message: rule.message, systems: rule.systems });
  }
  return pending;
}

/** Breaches of one shipment due at `now` and not recorded yet. */
export function dueBreaches(signs: SlaSigns, status: ShipmentStatus, now: number, rules: SlaRules): Breach[] {
  return pendingBreaches(signs, status, rules).filter((b) => Date.parse(b.dueAt) <= now);
}

/** The breach of a rule, by its code, clock start and due time; null for a code no rule has. */
export function breachOf(code: string, since: string, dueAt: string): Breach | null {
  const rule = ruleOf(code);
  return rule ? { code: rule.code, since, dueAt, message: rule.message, systems: rule.systems } : null;
}

/** Recorded breaches whose late event has not arrived: SLA discrepancies. */
export function openBreaches(signs: SlaSigns): Breach[] {
  return signs.open;
}

export const SLA_SOURCE = 'urn:lading:sla';

/** The event recording a breach. Its id follows from rule, shipment and clock start, so several schedulers record it once. */
export function breachEvent(shipmentId: string, breach: Breach): CanonicalEvent {
  const rule = ruleOf(breach.code) as ShipmentRule;
  const envelope = {
    specversion: '1.0',
    id: `sla-${breach.code}-${shipmentId}-${breach.since}`,
    source: SLA_SOURCE,
    time: breach.dueAt,
    subject: shipmentId,
  } as const;
  return eventOf(rule.type, envelope, {
    rule: breach.code.slice(4),
    code: breach.code,
    since: breach.since,
    dueAt: breach.dueAt,
    message: breach.message,
  });
}
