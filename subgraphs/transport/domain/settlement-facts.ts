import { EventType, SourceSystem } from '../../../lib/events/types';
import type { Money } from '../../../lib/money';
import { normalizeMoney, optionalMoney } from '../../../lib/money';
import type { CarrierInvoice } from '../../../lib/settlement';
import { settle } from '../../../lib/settlement';
import type { Discrepancy } from './discrepancy';
import type { Fact } from './fact';

/** What settlement compares, kept fact by fact in the fold (JSON-safe; one entry per carrier invoice). */
export interface SettlementSigns {
  ratedCost: Money | null;
  tenderedScac: string | null;
  accrual: Money | null;
  invoices: Record<string, CarrierInvoice>;
}

export function noSettlementSigns(): SettlementSigns {
  return { ratedCost: null, tenderedScac: null, accrual: null, invoices: {} };
}

/** Notes a fact; facts come in occurrence order, as finance keeps them. */
export function noteSettlement(signs: SettlementSigns, fact: Fact): void {
  if (fact.type === EventType.ShipmentTendered) {
    signs.ratedCost = optionalMoney(fact.data.ratedCost) ?? signs.ratedCost;
    signs.tenderedScac = fact.data.carrier.scac;
  } else if (fact.type === EventType.AccrualCreated && !signs.accrual) {
    signs.accrual = normalizeMoney(fact.data.amount);
  } else if (fact.type === EventType.CarrierInvoiceReceived) {
    const { invoiceNumber, carrier, amount } = fact.data;
    signs.invoices[invoiceNumber] = { invoiceNumber, carrierScac: carrier.scac, amount: normalizeMoney(amount) };
  }
}

/** Carrier-invoice variances, from the same facts finance keeps. */
export function settlementDiscrepancies(signs: SettlementSigns): Discrepancy[] {
  const invoices = Object.values(signs.invoices);
  if (invoices.length === 0) return [];
  const { ratedCost, accrual, tenderedScac } = signs;
  return settle({ ratedCost, accrual, tenderedScac, carrierInvoices: invoices }).problems.map((p) => ({
    code: p.code,
    message: p.message,
    systems: [SourceSystem.FINANCE, SourceSystem.TMS],
  }));
}
