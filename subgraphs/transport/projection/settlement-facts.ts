import { EventType, SourceSystem } from '../../../lib/events/types';
import { Money, normalizeMoney } from '../../../lib/money';
import { CarrierInvoice, settle } from '../../../lib/settlement';
import { Discrepancy } from './discrepancies';
import { Fact } from './fact';

function money(value: unknown): Money | null {
  const m = value as Partial<Money> | undefined;
  return m && typeof m.amount === 'string' && typeof m.currency === 'string' ? normalizeMoney({ amount: m.amount, currency: m.currency }) : null;
}

/** Carrier-invoice variances, from the same facts finance keeps; `facts` in occurrence order. */
export function settlementDiscrepancies(facts: readonly Fact[]): Discrepancy[] {
  const invoices = new Map<string, CarrierInvoice>();
  let ratedCost: Money | null = null;
  let tenderedScac: string | null = null;
  let accrual: Money | null = null;
  for (const fact of facts) {
    if (fact.type === EventType.ShipmentTendered) {
      ratedCost = money(fact.data.ratedCost) ?? ratedCost;
      tenderedScac = (fact.data.carrier as { scac: string }).scac;
    } else if (fact.type === EventType.AccrualCreated && !accrual) {
      accrual = money(fact.data.amount);
    } else if (fact.type === EventType.CarrierInvoiceReceived) {
      const data = fact.data as { invoiceNumber: string; carrier: { scac: string } };
      invoices.set(data.invoiceNumber, { invoiceNumber: data.invoiceNumber, carrierScac: data.carrier.scac, amount: money(fact.data.amount) as Money });
    }
  }
  if (invoices.size === 0) return [];
  return settle({ ratedCost, accrual, tenderedScac, carrierInvoices: [...invoices.values()] }).problems.map((p) => ({
    code: p.code,
    message: p.message,
    systems: [SourceSystem.FINANCE, SourceSystem.TMS],
  }));
}
