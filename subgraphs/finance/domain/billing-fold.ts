import type { ShipmentRef } from '../../../lib/events/directory';
import type { EventOf } from '../../../lib/events/event-data';
import { EventRefused } from '../../../lib/events/event-refused';
import type { Fold } from '../../../lib/events/fold';
import { existing } from '../../../lib/events/fold';
import { conflictReason } from '../../../lib/events/ownership';
import type { EventType } from '../../../lib/events/types';
import { normalizeMoney, optionalMoney } from '../../../lib/money';
import type { BillingRecord, ChargeRecord, InvoiceRecord } from './records';

/**
 * The billing record a release gives a shipment: a new, empty one, or the one already kept (a
 * release delivered again). A shipment never moves to another order, so never to another customer.
 */
export function billingReleased(record: BillingRecord | null, ref: ShipmentRef): BillingRecord {
  if (record && record.customerId !== ref.customerId)
    throw new EventRefused(conflictReason({ kind: 'shipment', id: ref.id, owner: ref.orderId }));
  return record ?? { shipmentId: ref.id, customerId: ref.customerId, ratedCost: null, charges: [], accrual: null, invoices: [] };
}

/** A fold over the shipment's billing record, which must exist (its release created it). */
function billing<T extends EventType>(
  change: (record: BillingRecord, event: EventOf<T>, at: string) => BillingRecord,
): Fold<BillingRecord, T> {
  return (record, event) =>
    change(existing(record, `billing record of shipment ${event.subject}`), event, new Date(event.time).toISOString());
}

/** A charge is recorded once (by id); charges are kept in the order they were recorded. */
function addCharge(record: BillingRecord, charge: ChargeRecord): BillingRecord {
  if (record.charges.some((c) => c.id === charge.id)) return record;
  return { ...record, charges: [...record.charges, charge].sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : 1)) };
}

/** Invoice status only moves forward, so out-of-order posting and payment events agree. */
export const INVOICE_RANK: Record<InvoiceRecord['status'], number> = { APPROVED: 0, POSTED: 1, PAID: 2 };
const advance = (current: InvoiceRecord['status'], next: InvoiceRecord['status']) =>
  INVOICE_RANK[next] > INVOICE_RANK[current] ? next : current;

/** Changes one invoice, creating it (APPROVED) when its posting or payment comes before its approval. */
function updateInvoice(record: BillingRecord, invoiceNumber: string, change: (invoice: InvoiceRecord) => InvoiceRecord): BillingRecord {
  const invoice = record.invoices.find((i) => i.invoiceNumber === invoiceNumber) ?? {
    invoiceNumber,
    status: 'APPROVED',
    total: null,
    approvedAt: null,
    postedAt: null,
    paidAt: null,
  };
  const others = record.invoices.filter((i) => i.invoiceNumber !== invoiceNumber);
  return { ...record, invoices: [...others, change(invoice)].sort((a, b) => (a.invoiceNumber < b.invoiceNumber ? -1 : 1)) };
}

/** The latest tender names the carrier; its rated cost, when it has one, is the basis of the accrual. */
export const shipmentTendered = billing<typeof EventType.ShipmentTendered>((record, { data }) => ({
  ...record,
  tenderedScac: data.carrier.scac,
  ratedCost: optionalMoney(data.ratedCost) ?? record.ratedCost,
}));

/** A corrected carrier invoice under the same number replaces the earlier one. */
export const carrierInvoiceReceived = billing<typeof EventType.CarrierInvoiceReceived>((record, { data }) => {
  const invoices = (record.carrierInvoices ?? []).filter((i) => i.invoiceNumber !== data.invoiceNumber);
  const invoice = { invoiceNumber: data.invoiceNumber, carrierScac: data.carrier.scac, amount: normalizeMoney(data.amount) };
  return { ...record, carrierInvoices: [...invoices, invoice].sort((a, b) => (a.invoiceNumber < b.invoiceNumber ? -1 : 1)) };
});

export const chargeRecorded = billing<typeof EventType.ChargeRecorded>((record, { data }, at) =>
  addCharge(record, {
    id: data.chargeId,
    type: data.type,
    stage: data.stage ?? 'INVOICED',
    amount: normalizeMoney(data.amount),
    recordedAt: at,
  }),
);

/** The first accrual stands: it is also recorded as an ACCRUED freight charge. */
export const accrualCreated = billing<typeof EventType.AccrualCreated>((record, { data }, at) => {
  if (record.accrual) return record;
  const amount = normalizeMoney(data.amount);
  const withCharge = addCharge(record, { id: data.accrualId, type: 'FREIGHT', stage: 'ACCRUED', amount, recordedAt: at });
  return { ...withCharge, accrual: { id: data.accrualId, amount, createdAt: at } };
});

export const invoiceApproved = billing<typeof EventType.InvoiceApproved>((record, { data }, at) =>
  updateInvoice(record, data.invoiceNumber, (invoice) => ({ ...invoice, total: optionalMoney(data.total), approvedAt: at })),
);

export const invoicePosted = billing<typeof EventType.InvoicePosted>((record, { data }, at) =>
  updateInvoice(record, data.invoiceNumber, (invoice) => ({ ...invoice, status: advance(invoice.status, 'POSTED'), postedAt: at })),
);

export const paymentReceived = billing<typeof EventType.PaymentReceived>((record, { data }, at) =>
  updateInvoice(record, data.invoiceNumber, (invoice) => ({ ...invoice, status: advance(invoice.status, 'PAID'), paidAt: at })),
);
