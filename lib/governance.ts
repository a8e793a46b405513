import { Clock, systemClock } from './clock';

/** How long each milestone may be late (docs/governance.md gives the defaults and their settings). */
export interface SlaRules {
  /** In transit or out for delivery with no carrier (TMS) update: `LADING_SLA_NO_CARRIER_UPDATE`, 24h. */
  noCarrierUpdateMs: number;
  /** Delivered without a freight accrual: `LADING_SLA_ACCRUAL`, 1h. */
  accrualMs: number;
  /** Delivered and no customer invoice approved: `LADING_SLA_INVOICE`, 7d. */
  invoiceMs: number;
  /** An event held for an unknown aggregate: `LADING_SLA_HELD_EVENT`, 1h. */
  heldEventMs: number;
}

export const DEFAULT_SLA_RULES: SlaRules = {
  noCarrierUpdateMs: 24 * 3_600_000,
  accrualMs: 3_600_000,
  invoiceMs: 7 * 86_400_000,
  heldEventMs: 3_600_000,
};

/** Settings of the governance layer, handed to the subgraphs at start. */
export interface GovernanceOptions {
  sla: SlaRules;
  /** How often the SLA scheduler evaluates the rules: `LADING_SLA_INTERVAL`, 1m; 0 turns it off. */
  slaIntervalMs: number;
  /** Where "now" comes from (tests control it). */
  clock: Clock;
}

export const DEFAULT_GOVERNANCE: GovernanceOptions = { sla: DEFAULT_SLA_RULES, slaIntervalMs: 60_000, clock: systemClock };
