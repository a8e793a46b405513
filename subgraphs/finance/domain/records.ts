import type { Money } from '../../../lib/money';
import type { CarrierInvoice } from '../../../lib/settlement';

export interface ChargeRecord {
  id: string;
  type: string;
  stage: string;
  amount: Money;
  recordedAt: string;
}

export interface InvoiceRecord {
  invoiceNumber: string;
  status: 'APPROVED' | 'POSTED' | 'PAID';
  total: Money | null;
  approvedAt: string | null;
  postedAt: string | null;
  paidAt: string | null;
}

/** Everything finance keeps about one shipment. */
export interface BillingRecord {
  shipmentId: string;
  customerId: string;
  /** The carrier's rated cost from the latest tender, the basis of the freight accrual. */
  ratedCost: Money | null;
  charges: ChargeRecord[];
  accrual: { id: string; amount: Money; createdAt: string } | null;
  invoices: InvoiceRecord[];
  /** The carrier of the latest tender (absent in records stored before settlement existed). */
  tenderedScac?: string | null;
  /** Freight invoices the carrier sent for this shipment. */
  carrierInvoices?: CarrierInvoice[];
}

/** A shipment as the finance subgraph resolves it: its id and its billing record. */
export interface BilledShipment {
  id: string;
  record: BillingRecord;
}
