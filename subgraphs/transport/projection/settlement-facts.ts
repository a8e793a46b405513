import { EventType, SourceSystem } from '../../../lib/events/types';
import { Money, normalizeMoney } from '../../../lib/money';
import { CarrierInvoice, settle } from '../../../lib/settlement';
import { Discrepancy } from './discrepancy';
import { Fact } from './fact';

function money(value: unknown): Money | null {
  const m = value as Partial<Money> | undefined;
  return m && typeof m.amount === 'string' && typeof m.currency === 'string' ? normalizeMoney({ amount: m.amount, currency: m.currency }) : null;
}

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
    signs.ratedCost = money(fact.data.ratedCost) ?? signs.ratedCost;
    signs.tenderedScac = (fact.data.carrier as { scac: string }).scac;
  } else if (fact.type === EventType.AccrualCreated && !signs.accrual) {
    signs.accrual = money(fact.data.amount);
  } else if (fact.type === EventType.CarrierInvoiceReceived) {
    const data = fact.data as { invoiceNumber: string; carrier: { scac: string } };
    signs.invoices[data.invoiceNumber] = { invoiceNumber: data.invoiceNumber, carrierScac: data.carrier.scac, amount: money(fact.data.amount) as Money };
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
