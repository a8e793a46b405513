import { CanonicalEvent, EventType, SourceSystem, sourceSystemOf } from '../../../lib/events/types';
import { SlaRules } from '../../../lib/governance';
import { Fact } from '../projection/fact';
import { STATUS_RANK, ShipmentStatus } from '../projection/status-rules';

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

interface ShipmentRule {
  code: SlaCode;
  /** The event type that records a breach: named after the system that is late. */
  type: EventType;
  systems: SourceSystem[];
  message: string;
  /** When the rule's clock started, or null when it does not apply. */
  since(facts: readonly Fact[], status: ShipmentStatus): string | null;
  limit(rules: SlaRules): number;
  /** Whether the late event has arrived since the breach (pure in the facts: no clock). */
  cleared(facts: readonly Fact[], since: string): boolean;
}

const BREACH_TYPES: ReadonlySet<string> = new Set([EventType.CarrierSlaBreached, EventType.FinanceSlaBreached]);
const isCarrierUpdate = (f: Fact) => sourceSystemOf(f.type) === SourceSystem.TMS && !BREACH_TYPES.has(f.type);
const find = (facts: readonly Fact[], type: EventType) => facts.find((f) => f.type === type);
const MOVING = new Set<ShipmentStatus>([ShipmentStatus.IN_TRANSIT, ShipmentStatus.OUT_FOR_DELIVERY]);

const RULES: readonly ShipmentRule[] = [
  {
    code: SlaCode.NoCarrierUpdate,
    type: EventType.CarrierSlaBreached,
    systems: [SourceSystem.TMS],
    message: 'In transit, but the carrier has sent no update within the SLA',
    since: (facts, status) => {
      if (!MOVING.has(status)) return null;
      return facts.filter(isCarrierUpdate).reduce<string | null>((last, f) => (last === null || f.occurredAt > last ? f.occurredAt : last), null);
    },
    limit: (rules) => rules.noCarrierUpdateMs,
    cleared: (facts, since) => facts.some((f) => isCarrierUpdate(f) && f.occurredAt > since),
  },
  {
    code: SlaCode.AccrualLate,
    type: EventType.FinanceSlaBreached,
    systems: [SourceSystem.TMS, SourceSystem.FINANCE],
    message: 'Delivered, but no freight accrual was created within the SLA',
    // The accrual is Lading's own reaction: its clock starts when Lading learnt of the delivery.
    since: (facts) => (find(facts, EventType.AccrualCreated) ? null : find(facts, EventType.Delivered)?.recordedAt ?? null),
    limit: (rules) => rules.accrualMs,
    cleared: (facts) => find(facts, EventType.AccrualCreated) !== undefined,
  },
  {
    code: SlaCode.NotInvoiced,
    type: EventType.FinanceSlaBreached,
    systems: [SourceSystem.FINANCE],
    message: 'Delivered, but not invoiced to the customer within the SLA',
    since: (facts, status) =>
      STATUS_RANK[status] > STATUS_RANK.DELIVERED || find(facts, EventType.InvoiceApproved) ? null : find(facts, EventType.Delivered)?.occurredAt ?? null,
    limit: (rules) => rules.invoiceMs,
    cleared: (facts) => find(facts, EventType.InvoiceApproved) !== undefined,
  },
];

const ruleOf = (code: string) => RULES.find((r) => r.code === code);

/** Breaches of one shipment due at `now` and not recorded yet (the scheduler records them). */
export function dueBreaches(facts: readonly Fact[], status: ShipmentStatus, now: number, rules: SlaRules): Breach[] {
  const recorded = new Set(facts.filter((f) => BREACH_TYPES.has(f.type)).map((f) => `${f.data.code}|${f.data.since}`));
  const due: Breach[] = [];
  for (const rule of RULES) {
    const since = rule.since(facts, status);
    if (since === null) continue;
    const dueAt = new Date(Date.parse(since) + rule.limit(rules)).toISOString();
    if (Date.parse(dueAt) > now || recorded.has(`${rule.code}|${since}`)) continue;
    due.push({ code: rule.code, since, dueAt, message: rule.message, systems: rule.systems });
  }
  return due;
}

/** Recorded breaches whose late event has not arrived: SLA discrepancies. `facts` in any order. */
export function openBreaches(facts: readonly Fact[]): Breach[] {
  const open = new Map<string, Breach>();
  for (const fact of facts) {
    if (!BREACH_TYPES.has(fact.type)) continue;
    const data = fact.data as { code: string; since: string; dueAt: string; message?: string };
    const rule = ruleOf(data.code);
    if (!rule || rule.cleared(facts, data.since)) continue;
    open.set(`${data.code}|${data.since}`, { code: rule.code, since: data.since, dueAt: data.dueAt, message: data.message ?? rule.message, systems: rule.systems });
  }
  return [...open.values()].sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1));
}

export const SLA_SOURCE = 'urn:lading:sla';

/** The event recording a breach. Its id follows from rule, shipment and clock start, so several schedulers record it once. */
export function breachEvent(shipmentId: string, breach: Breach): CanonicalEvent {
  const rule = ruleOf(breach.code) as ShipmentRule;
  return {
    specversion: '1.0',
    id: `sla-${breach.code}-${shipmentId}-${breach.since}`,
    source: SLA_SOURCE,
    type: rule.type,
    time: breach.dueAt,
    subject: shipmentId,
    data: { rule: breach.code.slice(4), code: breach.code, since: breach.since, dueAt: breach.dueAt, message: breach.message },
  };
}
