import type { Clock } from './clock';
import type { OptionsOf, OptionSource } from './settings';

/** How long each milestone may be late (docs/governance.md). */
export const SLA_RULES = {
  /** In transit or out for delivery with no carrier (TMS) update. */
  noCarrierUpdateMs: 'LADING_SLA_NO_CARRIER_UPDATE',
  /** Delivered without a freight accrual. */
  accrualMs: 'LADING_SLA_ACCRUAL',
  /** Delivered and no customer invoice approved. */
  invoiceMs: 'LADING_SLA_INVOICE',
  /** An event held for an unknown aggregate. */
  heldEventMs: 'LADING_SLA_HELD_EVENT',
} as const satisfies OptionSource;
export type SlaRules = OptionsOf<typeof SLA_RULES>;

/** Settings of the governance layer, handed to the subgraphs at start. */
export const GOVERNANCE = {
  sla: SLA_RULES,
  /** How often the SLA scheduler evaluates the rules; 0 turns it off. */
  slaIntervalMs: 'LADING_SLA_INTERVAL',
} as const satisfies OptionSource;

export type GovernanceOptions = OptionsOf<typeof GOVERNANCE> & {
  /** Where "now" comes from (tests control it). */
  clock: Clock;
};
