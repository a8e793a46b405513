import type { SettlementStatus } from './settlement';
import { settle } from './settlement';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const invoice = (amount: string, carrierScac = 'ABCD', currency = 'EUR') => ({
  invoiceNumber: `CI-${amount}`,
  carrierScac,
  amount: { amount, currency },
});
const base = { ratedCost: eur('1000.00'), accrual: eur('1000.00'), tenderedScac: 'ABCD' };

describe('freight settlement (default tolerance: 2 %, at least 1.00)', () => {
  const cases: [string, Parameters<typeof settle>[0], SettlementStatus][] = [
    ['nothing delivered, nothing invoiced', { ratedCost: null, accrual: null, tenderedScac: null, carrierInvoices: [] }, 'UNBILLED'],
    ['accrued, not invoiced by the carrier', { ...base, carrierInvoices: [] }, 'ACCRUED'],
    ['invoiced exactly', { ...base, carrierInvoices: [invoice('1000.00')] }, 'MATCHED'],
    ['invoiced within tolerance (+2 %)', { ...base, carrierInvoices: [invoice('1020.00')] }, 'MATCHED'],
    ['invoiced within tolerance (-2 %)', { ...base, carrierInvoices: [invoice('980.00')] }, 'MATCHED'],
    ['invoiced beyond tolerance', { ...base, carrierInvoices: [invoice('1020.01')] }, 'DISPUTED'],
    ['two invoices adding up to the accrual', { ...base, carrierInvoices: [invoice('600.00'), invoice('400.00')] }, 'MATCHED'],
    ['small amounts: the 1.00 floor applies', { ...base, accrual: eur('10.00'), carrierInvoices: [invoice('11.00')] }, 'MATCHED'],
    ['another currency', { ...base, carrierInvoices: [invoice('1000.00', 'ABCD', 'USD')] }, 'DISPUTED'],
    ['another carrier', { ...base, carrierInvoices: [invoice('1000.00', 'ZZZZ')] }, 'DISPUTED'],
    [
      'nothing to compare with',
      { ratedCost: null, accrual: { amount: '0.00', currency: 'XXX' }, tenderedScac: null, carrierInvoices: [invoice('5.00')] },
      'INVOICED_BY_CARRIER',
    ],
    ['no accrual yet: the rated cost is expected', { ...base, accrual: null, carrierInvoices: [invoice('1010.00')] }, 'MATCHED'],
  ];
  it.each(cases)('%s', (_name, input, status) => {
    expect(settle(input).status).toBe(status);
  });

  it('names the variance beyond tolerance', () => {
    const result = settle({ ...base, carrierInvoices: [invoice('1100.00')] });
    expect(result.variance).toEqual(eur('100.00'));
    expect(result.problems.map((p) => p.code)).toEqual(['CARRIER_INVOICE_VARIANCE']);
  });
});
