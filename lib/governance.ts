import type { Clock } from './clock';
import { systemClock } from './clock';
import type { SettingValues } from './settings';
import { DEFAULTS } from './settings';

/** How long each milestone may be late (docs/governance.md; defaults in lib/settings). */
export interface SlaRules {
  /** In transit or out for delivery with no carrier (TMS) update: `LADING_SLA_NO_CARRIER_UPDATE`. */
  noCarrierUpdateMs: number;
  /** Delivered without a freight accrual: `LADING_SLA_ACCRUAL`. */
  accrualMs: number;
  /** Delivered and no customer invoice approved: `LADING_SLA_INVOICE`. */
  invoiceMs: number;
  /** An event held for an unknown aggregate: `LADING_SLA_HELD_EVENT`. */
  heldEventMs: number;
}

/** `LADING_SLA_*` as the rules take them. */
export function slaRulesFrom(s: SettingValues): SlaRules {
  return {
    noCarrierUpdateMs: s.LADING_SLA_NO_CARRIER_UPDATE,
    accrualMs: s.LADING_SLA_ACCRUAL,
    invoiceMs: s.LADING_SLA_INVOICE,
    heldEventMs: s.LADING_SLA_HELD_EVENT,
  };
}

export const DEFAULT_SLA_RULES: SlaRules = slaRulesFrom(DEFAULTS);

/** Settings of the governance layer, handed to the subgraphs at start. */
export interface GovernanceOptions {
  sla: SlaRules;
  /** How often the SLA scheduler evaluates the rules: `LADING_SLA_INTERVAL`; 0 turns it off. */
  slaIntervalMs: number;
  /** Where "now" comes from (tests control it). */
  clock: Clock;
}

/** The defaults of lib/settings, for callers (tests) that give only some options. */
export const DEFAULT_GOVERNANCE: GovernanceOptions = {
  sla: DEFAULT_SLA_RULES,
  slaIntervalMs: DEFAULTS.LADING_SLA_INTERVAL,
  clock: systemClock,
};
