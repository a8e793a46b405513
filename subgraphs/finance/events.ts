import { ApplyContext, EventHandlers } from '../../lib/events/applier';
import { SHIPMENT_REFS, ShipmentRef } from '../../lib/events/directory';
import { EventType } from '../../lib/events/types';
import { Money, normalizeMoney } from '../../lib/money';
import { accrualFor, ratedChargeFor } from './reactions';
import { BILLING } from './store/keys';
import { BillingRecord, ChargeRecord, InvoiceRecord } from './store/records';

async function updateBilling({ uow, event }: ApplyContext, change: (record: BillingRecord, at: string) => BillingRecord): Promise<void> {
  const record = await uow.get<BillingRecord>(BILLING, event.subject);
  if (!record) throw new Error(`shipment ${event.subject} has no billing record`);
  uow.put(BILLING, record.shipmentId, change(record, new Date(event.time).toISOString()));
}

function addCharge(record: BillingRecord, charge: ChargeRecord): BillingRecord {
  if (record.charges.some((c) => c.id === charge.id)) return record;
  return { ...record, charges: [...record.charges, charge].sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : 1)) };
}

function updateInvoice(record: BillingRecord, invoiceNumber: string, change: (invoice: InvoiceRecord) => InvoiceRecord): BillingRecord {
  const existing = record.invoices.find((i) => i.invoiceNumber === invoiceNumber) ?? {
    invoiceNumber,
    status: 'APPROVED',
    total: null,
    approvedAt: null,
    postedAt: null,
    paidAt: null,
  };
  const others = record.invoices.filter((i) => i.invoiceNumber !== invoiceNumber);
  return { ...record, invoices: [...others, change(existing)].sort((a, b) => (a.invoiceNumber < b.invoiceNumber ? -1 : 1)) };
}

/** Invoice status only moves forward, so out-of-order posting and payment events agree. */
const INVOICE_RANK = { APPROVED: 0, POSTED: 1, PAID: 2 } as const;
const advance = (current: InvoiceRecord['status'], next: InvoiceRecord['status']) => (INVOICE_RANK[next] > INVOICE_RANK[current] ? next : current);

function money(value: unknown): Money | null {
  const m = value as Partial<Money> | undefined;
  return m && typeof m.amount === 'string' && typeof m.currency === 'string' ? normalizeMoney({ amount: m.amount, currency: m.currency }) : null;
}

/** How the finance subgraph's state changes, including its reactions to TMS events. */
export const financeHandlers: EventHandlers = {
  async [EventType.OrderReleased]({ uow, event }) {
    const ids = (event.data.shipments as { id: string }[]).map((s) => s.id);
    const [refs, existing] = await Promise.all([uow.getMany<ShipmentRef>(SHIPMENT_REFS, ids), uow.getMany<BillingRecord>(BILLING, ids)]);
    refs.forEach((ref, i) => {
      if (!ref || existing[i]) return;
      uow.put(BILLING, ref.id, { shipmentId: ref.id, customerId: ref.customerId, ratedCost: null, charges: [], accrual: null, invoices: [] } satisfies BillingRecord);
    });
  },

  async [EventType.ShipmentTendered](context) {
    const ratedCost = money(context.event.data.ratedCost);
    const tenderedScac = (context.event.data.carrier as { scac: string }).scac;
    await updateBilling(context, (record) => ({ ...record, tenderedScac, ratedCost: ratedCost ?? record.ratedCost }));
    if (ratedCost) context.emit(ratedChargeFor(context.event, ratedCost));
  },
  [EventType.CarrierInvoiceReceived]: (context) =>
    updateBilling(context, (record) => {
      const data = context.event.data as { invoiceNumber: string; carrier: { scac: string } };
      const invoices = (record.carrierInvoices ?? []).filter((i) => i.invoiceNumber !== data.invoiceNumber);
      // A corrected invoice under the same number replaces the earlier one.
      const invoice = { invoiceNumber: data.invoiceNumber, carrierScac: data.carrier.scac, amount: money(context.event.data.amount) as Money };
      return { ...record, carrierInvoices: [...invoices, invoice].sort((a, b) => (a.invoiceNumber < b.invoiceNumber ? -1 : 1)) };
    }),

  async [EventType.Delivered](context) {
    const record = await context.uow.get<BillingRecord>(BILLING, context.event.subject);
    if (!record) throw new Error(`shipment ${context.event.subject} has no billing record`);
    context.emit(accrualFor(context.event, record.ratedCost));
  },

  [EventType.ChargeRecorded]: (context) =>
    updateBilling(context, (record, at) => {
      const data = context.event.data as { chargeId: string; type: string; stage?: string };
      const amount = money(context.event.data.amount) as Money;
      return addCharge(record, { id: data.chargeId, type: data.type, stage: data.stage ?? 'INVOICED', amount, recordedAt: at });
    }),

  [EventType.AccrualCreated]: (context) =>
    updateBilling(context, (record, at) => {
      const accrualId = context.event.data.accrualId as string;
      if (record.accrual) return record;
      const amount = money(context.event.data.amount) as Money;
      const withCharge = addCharge(record, { id: accrualId, type: 'FREIGHT', stage: 'ACCRUED', amount, recordedAt: at });
      return { ...withCharge, accrual: { id: accrualId, amount, createdAt: at } };
    }),

  [EventType.InvoiceApproved]: (context) =>
    updateBilling(context, (record, at) =>
      updateInvoice(record, context.event.data.invoiceNumber as string, (invoice) => ({ ...invoice, total: money(context.event.data.total), approvedAt: at })),
    ),

  [EventType.InvoicePosted]: (context) =>
    updateBilling(context, (record, at) =>
      updateInvoice(record, context.event.data.invoiceNumber as string, (invoice) => ({ ...invoice, status: advance(invoice.status, 'POSTED'), postedAt: at })),
    ),

  [EventType.PaymentReceived]: (context) =>
    updateBilling(context, (record, at) =>
      updateInvoice(record, context.event.data.invoiceNumber as string, (invoice) => ({ ...invoice, status: advance(invoice.status, 'PAID'), paidAt: at })),
    ),
};
