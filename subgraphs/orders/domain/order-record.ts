export const OrderStatus = { CREATED: 'CREATED', RELEASED: 'RELEASED', CANCELLED: 'CANCELLED' } as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

export interface OrderLine {
  sku: string;
  quantity: number;
  uom: string | null;
  description: string | null;
}

/** A customer as the ERP subgraph keeps it (inside each order, and on its own for entity lookups). */
export interface CustomerRecord {
  id: string;
  name: string;
}

/** An order as the ERP subgraph keeps it. */
export interface OrderRecord {
  id: string;
  number: string;
  status: OrderStatus;
  customer: CustomerRecord;
  lines: OrderLine[];
  shipTo: Record<string, unknown> | null;
  requestedDeliveryDate: string | null;
  currency: string | null;
  createdAt: string;
  shipmentIds: string[];
  cancellationReason: string | null;
}
