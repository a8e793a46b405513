import { eventOf } from '../events/event-data';
import type { CanonicalEvent } from '../events/types';
import { EventType, SourceSystem } from '../events/types';
import type { SlaRules } from '../governance';

/** The SLA rules' codes (docs/governance.md): each begins with `SLA_`, as discrepancies and breaches show them. */
export const SlaCode = {
  NoCarrierUpdate: 'SLA_NO_CARRIER_UPDATE',
  AccrualLate: 'SLA_ACCRUAL_LATE',
  NotInvoiced: 'SLA_NOT_INVOICED',
  HeldEvent: 'SLA_HELD_EVENT',
} as const;
export type SlaCode = (typeof SlaCode)[keyof typeof SlaCode];

/** A shipment rule's clock: running since `since` (the last update, the delivery ...). */
export interface SlaClock {
  code: ShipmentSlaCode;
  since: string;
}

export interface Breach {
  code: SlaCode;
  since: string;
  dueAt: string;
  message: string;
  systems: SourceSystem[];
}

/** The rules about one shipment (the held-event rule is about an event). */
export type ShipmentSlaCode = Exclude<SlaCode, typeof SlaCode.HeldEvent>;

/** A breach of a shipment rule. */
export type ShipmentBreach = Breach & { code: ShipmentSlaCode };
type BreachType = typeof EventType.CarrierSlaBreached | typeof EventType.FinanceSlaBreached;

/**
 * What each shipment rule says once it is late: shared by the subgraph that runs its clocks (the
 * shipment's derivation) and the scheduler that records breaches, so neither restates it.
 */
export const SHIPMENT_SLA: Record<
  ShipmentSlaCode,
  { type: BreachType; systems: SourceSystem[]; message: string; limit(rules: SlaRules): number }
> = {
  [SlaCode.NoCarrierUpdate]: {
    type: EventType.CarrierSlaBreached,
    systems: [SourceSystem.TMS],
    message: 'In transit, but the carrier has sent no update within the SLA',
    limit: (rules) => rules.noCarrierUpdateMs,
  },
  [SlaCode.AccrualLate]: {
    type: EventType.FinanceSlaBreached,
    systems: [SourceSystem.TMS, SourceSystem.FINANCE],
    message: 'Delivered, but no freight accrual was created within the SLA',
    limit: (rules) => rules.accrualMs,
  },
  [SlaCode.NotInvoiced]: {
    type: EventType.FinanceSlaBreached,
    systems: [SourceSystem.FINANCE],
    message: 'Delivered, but not invoiced to the customer within the SLA',
    limit: (rules) => rules.invoiceMs,
  },
};

export function isShipmentSlaCode(code: string): code is ShipmentSlaCode {
  return Object.prototype.hasOwnProperty.call(SHIPMENT_SLA, code);
}

/** The breach a running clock becomes once its limit has passed. */
export function breachOf(clock: SlaClock, rules: SlaRules): ShipmentBreach {
  const rule = SHIPMENT_SLA[clock.code];
  const dueAt = new Date(Date.parse(clock.since) + rule.limit(rules)).toISOString();
  return { code: clock.code, since: clock.since, dueAt, message: rule.message, systems: rule.systems };
}

export const SLA_SOURCE = 'urn:lading:sla';

/** The event recording a breach. Its id follows from rule, shipment and clock start, so several schedulers record it once. */
export function breachEvent(shipmentId: string, breach: ShipmentBreach): CanonicalEvent {
  const envelope = {
    specversion: '1.0',
    id: `sla-${breach.code}-${shipmentId}-${breach.since}`,
    source: SLA_SOURCE,
    time: breach.dueAt,
    subject: shipmentId,
  } as const;
  return eventOf(SHIPMENT_SLA[breach.code].type, envelope, {
    rule: breach.code.slice(4),
    code: breach.code,
    since: breach.since,
    dueAt: breach.dueAt,
    message: breach.message,
  });
}
