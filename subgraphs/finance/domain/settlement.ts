import type { Settlement } from '../../../lib/settlement';
import { settle } from '../../../lib/settlement';
import type { BillingRecord } from './records';

/** A shipment's freight settlement, from its billing record (the rule itself is in lib/settlement.ts). */
export function settlementOf(record: BillingRecord): Settlement {
  return settle({
    ratedCost: record.ratedCost,
    accrual: record.accrual?.amount ?? null,
    tenderedScac: record.tenderedScac ?? null,
    carrierInvoices: record.carrierInvoices ?? [],
  });
}
