import type { ShipmentRef } from '../../../lib/events/directory';
import { eventFor, foldTable } from '../../../lib/events/fold-cases.contract';
import { EventType } from '../../../lib/events/types';
import {
  accrualCreated,
  billingReleased,
  carrierInvoiceReceived,
  chargeRecorded,
  invoiceApproved,
  invoicePosted,
  paymentReceived,
  shipmentTendered,
} from './billing-fold';
import type { BillingRecord, InvoiceRecord } from './records';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, minute)).toISOString();
const eur = (amount: string) => ({ amount, currency: 'EUR' });
const ref: ShipmentRef = { id: 'SHP-1', number: 'SH-1', orderId: 'ORD-1', orderNumber: 'SO-1', customerId: 'C1', warehouseId: 'W' };
const billing = (change: Partial<BillingRecord> = {}): BillingRecord => ({
  shipmentId: 'SHP-1',
  customerId: 'C1',
  ratedCost: null,
  charges: [],
  accrual: null,
  invoices: [],
  ...change,
});
const invoice = (change: Partial<InvoiceRecord>): InvoiceRecord => ({
  invoiceNumber: 'INV-1',
  status: 'APPROVED',
  total: null,
  approvedAt: null,
  postedAt: null,
  paidAt: null,
  ...change,
});
const missing = { fails: /billing record of shipment SHP-1 is missing/ };

describe('finance domain: a release creates the billing record', () => {
  foldTable(billingReleased, [
    ['a released shipment is not billable yet', null, ref, { record: billing() }],
    [
      'a release delivered again keeps what finance knows',
      billing({ ratedCost: eur('10.00') }),
      ref,
      { record: billing({ ratedCost: eur('10.00') }) },
    ],
    ['a shipment never moves to another order', billing({ customerId: 'C2' }), ref, { refused: /^ownership_conflict: shipment SHP-1/ }],
  ]);
});

describe('finance domain: tenders and carrier invoices', () => {
  const tender = (ratedCost?: { amount?: string; currency?: string }) =>
    eventFor(EventType.ShipmentTendered, 'SHP-1', { carrier: { scac: 'ABCD' }, ratedCost });
  foldTable(shipmentTendered, [
    [
      'a tender names the carrier and its rated cost (normalized)',
      billing(),
      tender(eur('120.5')),
      { record: billing({ tenderedScac: 'ABCD', ratedCost: eur('120.50') }) },
    ],
    [
      'a tender without a whole rated cost keeps the earlier one',
      billing({ ratedCost: eur('10.00') }),
      tender({ amount: '99.00' }),
      { record: billing({ tenderedScac: 'ABCD', ratedCost: eur('10.00') }) },
    ],
    ['a shipment without a billing record is a fault', null, tender(), missing],
  ]);
  const carrierInvoice = (invoiceNumber: string, amount: string) =>
    eventFor(EventType.CarrierInvoiceReceived, 'SHP-1', { invoiceNumber, carrier: { scac: 'ABCD' }, amount: eur(amount) });
  foldTable(carrierInvoiceReceived, [
    [
      'a carrier invoice is kept',
      billing(),
      carrierInvoice('CI-2', '5'),
      { record: billing({ carrierInvoices: [{ invoiceNumber: 'CI-2', carrierScac: 'ABCD', amount: eur('5.00') }] }) },
    ],
    [
      'a corrected invoice under the same number replaces the earlier one; invoices sorted by number',
      billing({
        carrierInvoices: [
          { invoiceNumber: 'CI-2', carrierScac: 'ABCD', amount: eur('5.00') },
          { invoiceNumber: 'CI-3', carrierScac: 'ABCD', amount: eur('1.00') },
        ],
      }),
      carrierInvoice('CI-2', '7.00'),
      {
        record: billing({
          carrierInvoices: [
            { invoiceNumber: 'CI-2', carrierScac: 'ABCD', amount: eur('7.00') },
            { invoiceNumber: 'CI-3', carrierScac: 'ABCD', amount: eur('1.00') },
          ],
        }),
      },
    ],
  ]);
});

describe('finance domain: charges and the accrual', () => {
  const charge = (chargeId: string, minute: number, stage?: string) =>
    eventFor(EventType.ChargeRecorded, 'SHP-1', { chargeId, type: 'FUEL', amount: eur('3'), stage }, at(minute));
  const fuel = (id: string, minute: number, stage = 'INVOICED') => ({
    id,
    type: 'FUEL',
    stage,
    amount: eur('3.00'),
    recordedAt: at(minute),
  });
  foldTable(chargeRecorded, [
    ['a charge without a stage is INVOICED', billing(), charge('F1', 1), { record: billing({ charges: [fuel('F1', 1)] }) }],
    [
      'charges are kept in the order they were recorded',
      billing({ charges: [fuel('F2', 5)] }),
      charge('F1', 1, 'RATED'),
      { record: billing({ charges: [fuel('F1', 1, 'RATED'), fuel('F2', 5)] }) },
    ],
    [
      'a charge is recorded once',
      billing({ charges: [fuel('F1', 1)] }),
      charge('F1', 9),
      { record: billing({ charges: [fuel('F1', 1)] }) },
    ],
  ]);
  const accrual = (accrualId: string, amount: string) =>
    eventFor(EventType.AccrualCreated, 'SHP-1', { accrualId, amount: eur(amount) }, at(2));
  const accrued = billing({
    accrual: { id: 'A1', amount: eur('10.00'), createdAt: at(2) },
    charges: [{ id: 'A1', type: 'FREIGHT', stage: 'ACCRUED', amount: eur('10.00'), recordedAt: at(2) }],
  });
  foldTable(accrualCreated, [
    ['an accrual is kept and recorded as an ACCRUED freight charge', billing(), accrual('A1', '10'), { record: accrued }],
    ['the first accrual stands', accrued, accrual('A2', '99'), { record: accrued }],
    ['a shipment without a billing record is a fault', null, accrual('A1', '10'), missing],
  ]);
});

describe('finance domain: invoices only move forward (APPROVED < POSTED < PAID)', () => {
  const approved = eventFor(EventType.InvoiceApproved, 'SHP-1', { invoiceNumber: 'INV-1', total: eur('50') }, at(1));
  const posted = eventFor(EventType.InvoicePosted, 'SHP-1', { invoiceNumber: 'INV-1' }, at(2));
  const paid = eventFor(EventType.PaymentReceived, 'SHP-1', { invoiceNumber: 'INV-1' }, at(3));
  foldTable(invoiceApproved, [
    [
      'an approval creates the invoice with its total',
      billing(),
      approved,
      { record: billing({ invoices: [invoice({ total: eur('50.00'), approvedAt: at(1) })] }) },
    ],
    [
      'an approval arriving after payment keeps PAID',
      billing({ invoices: [invoice({ status: 'PAID', paidAt: at(3) })] }),
      approved,
      { record: billing({ invoices: [invoice({ status: 'PAID', paidAt: at(3), total: eur('50.00'), approvedAt: at(1) })] }) },
    ],
  ]);
  foldTable(invoicePosted, [
    [
      'a posting makes it POSTED',
      billing({ invoices: [invoice({ approvedAt: at(1) })] }),
      posted,
      { record: billing({ invoices: [invoice({ status: 'POSTED', approvedAt: at(1), postedAt: at(2) })] }) },
    ],
    [
      'a posting before its approval creates the invoice POSTED',
      billing(),
      posted,
      { record: billing({ invoices: [invoice({ status: 'POSTED', postedAt: at(2) })] }) },
    ],
    [
      'a late posting never moves PAID back',
      billing({ invoices: [invoice({ status: 'PAID', paidAt: at(3) })] }),
      posted,
      { record: billing({ invoices: [invoice({ status: 'PAID', paidAt: at(3), postedAt: at(2) })] }) },
    ],
  ]);
  foldTable(paymentReceived, [
    [
      'a payment makes it PAID',
      billing({ invoices: [invoice({ status: 'POSTED' })] }),
      paid,
      { record: billing({ invoices: [invoice({ status: 'PAID', paidAt: at(3) })] }) },
    ],
    [
      'invoices stay sorted by number',
      billing({ invoices: [invoice({ invoiceNumber: 'INV-2' })] }),
      paid,
      { record: billing({ invoices: [invoice({ status: 'PAID', paidAt: at(3) }), invoice({ invoiceNumber: 'INV-2' })] }) },
    ],
    ['a shipment without a billing record is a fault', null, paid, missing],
  ]);
});
