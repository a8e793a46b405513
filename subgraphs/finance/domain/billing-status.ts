import type { BillingRecord } from './records';

/** Where a shipment stands in shipment-to-cash. */
export type BillingStatus = 'NOT_BILLABLE' | 'READY_TO_INVOICE' | 'INVOICED' | 'PAID';

export function billingStatus(record: BillingRecord): BillingStatus {
  if (record.invoices.some((i) => i.status === 'PAID')) return 'PAID';
  if (record.invoices.length > 0) return 'INVOICED';
  if (record.accrual) return 'READY_TO_INVOICE';
  return 'NOT_BILLABLE';
}
