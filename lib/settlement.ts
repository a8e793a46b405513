import type { Money } from './money';
import { subtractMoney, sumMoney, withinTolerance } from './money';

/**
 * Freight settlement: the carrier's invoices for a shipment reconciled against what Lading expects
 * to pay (the accrual, else the rated cost). One pure rule, used by finance (`Billing.settlementStatus`)
 * and by the transport projection (the variance discrepancies), so the two never disagree.
 */
export const SettlementStatus = {
  /** Nothing to settle yet: no accrual and no carrier invoice. */
  UNBILLED: 'UNBILLED',
  /** Delivered and accrued; the carrier has not invoiced yet. */
  ACCRUED: 'ACCRUED',
  /** The carrier invoiced, but there is nothing to reconcile against (no rated cost, no accrual). */
  INVOICED_BY_CARRIER: 'INVOICED_BY_CARRIER',
  /** Invoiced within the tolerance of the expected amount. */
  MATCHED: 'MATCHED',
  /** Invoiced beyond the tolerance, in another currency, or by another carrier than the one tendered. */
  DISPUTED: 'DISPUTED',
} as const;
export type SettlementStatus = (typeof SettlementStatus)[keyof typeof SettlementStatus];

/** Default: a variance of up to 2 % of the expected amount, and never less than 1.00, is accepted. */
export const DEFAULT_SETTLEMENT_TOLERANCE = { percent: 2, absolute: '1.00' };
export type SettlementTolerance = typeof DEFAULT_SETTLEMENT_TOLERANCE;

export interface CarrierInvoice {
  invoiceNumber: string;
  carrierScac: string;
  amount: Money;
}

export interface SettlementInput {
  ratedCost: Money | null;
  accrual: Money | null;
  /** The carrier the shipment was tendered to, when known. */
  tenderedScac: string | null;
  carrierInvoices: readonly CarrierInvoice[];
}

export interface SettlementVariance {
  code: 'CARRIER_INVOICE_VARIANCE' | 'CARRIER_INVOICE_CURRENCY' | 'CARRIER_INVOICE_CARRIER';
  message: string;
}

export interface Settlement {
  status: SettlementStatus;
  expected: Money | null;
  invoiced: Money | null;
  variance: Money | null;
  problems: SettlementVariance[];
}

/** `XXX` (ISO 4217 "no currency") marks an accrual made without a rated cost: nothing to compare with. */
function expectedOf(input: SettlementInput): Money | null {
  if (input.accrual && input.accrual.currency !== 'XXX') return input.accrual;
  return input.ratedCost;
}

export function settle(input: SettlementInput, tolerance: SettlementTolerance = DEFAULT_SETTLEMENT_TOLERANCE): Settlement {
  const expected = expectedOf(input);
  const invoices = input.carrierInvoices;
  if (invoices.length === 0) {
    const status = input.accrual ? SettlementStatus.ACCRUED : SettlementStatus.UNBILLED;
    return { status, expected, invoiced: null, variance: null, problems: [] };
  }
  const currency = invoices[0].amount.currency;
  if (invoices.some((i) => i.amount.currency !== currency) || (expected && expected.currency !== currency)) {
    const problem = {
      code: 'CARRIER_INVOICE_CURRENCY' as const,
      message: `Carrier invoiced in ${[...new Set(invoices.map((i) => i.amount.currency))].join(', ')}, expected ${expected?.currency ?? currency}`,
    };
    return { status: SettlementStatus.DISPUTED, expected, invoiced: null, variance: null, problems: [problem] };
  }
  const invoiced = sumMoney(
    invoices.map((i) => i.amount),
    currency,
  );
  const problems: SettlementVariance[] = [];
  const others = invoices.filter((i) => input.tenderedScac && i.carrierScac !== input.tenderedScac);
  if (others.length > 0) {
    problems.push({
      code: 'CARRIER_INVOICE_CARRIER',
      message: `Invoiced by ${others[0].carrierScac}, but tendered to ${input.tenderedScac}`,
    });
  }
  if (!expected)
    return {
      status: problems.length ? SettlementStatus.DISPUTED : SettlementStatus.INVOICED_BY_CARRIER,
      expected,
      invoiced,
      variance: null,
      problems,
    };
  const variance = subtractMoney(invoiced, expected);
  if (!withinTolerance(variance, expected, tolerance)) {
    problems.push({
      code: 'CARRIER_INVOICE_VARIANCE',
      message: `Carrier invoiced ${invoiced.amount} ${currency}, expected ${expected.amount} (variance ${variance.amount}, beyond tolerance)`,
    });
  }
  return { status: problems.length ? SettlementStatus.DISPUTED : SettlementStatus.MATCHED, expected, invoiced, variance, problems };
}
