import { EventRefused } from '../../../lib/events/event-refused';
import type { Fold } from '../../../lib/events/fold';
import { existing } from '../../../lib/events/fold';
import { conflictReason } from '../../../lib/events/ownership';
import type { EventType } from '../../../lib/events/types';
import type { OrderRecord } from './order-record';
import { OrderStatus } from './order-record';

/**
 * An order as its creation describes it. Delivered again (or after a release or cancellation
 * that overtook it), it keeps what those set; its customer never changes.
 */
export const orderCreated: Fold<OrderRecord, typeof EventType.OrderCreated> = (record, event) => {
  const { data } = event;
  if (record && record.customer.id !== data.customer.id)
    throw new EventRefused(conflictReason({ kind: 'order', id: event.subject, owner: data.customer.id }));
  return {
    id: event.subject,
    number: data.number,
    status: record?.status ?? OrderStatus.CREATED,
    customer: { id: data.customer.id, name: data.customer.name },
    lines: data.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, uom: l.uom ?? null, description: l.description ?? null })),
    shipTo: data.shipTo ?? null,
    requestedDeliveryDate: data.requestedDeliveryDate ?? null,
    currency: data.currency ?? null,
    createdAt: new Date(event.time).toISOString(),
    shipmentIds: record?.shipmentIds ?? [],
    cancellationReason: record?.cancellationReason ?? null,
  };
};

/** A release adds its shipments (each once); a cancellation sticks, whatever arrives after it. */
export const orderReleased: Fold<OrderRecord, typeof EventType.OrderReleased> = (record, event) => {
  const order = existing(record, `order ${event.subject}`);
  const shipmentIds = [...new Set([...order.shipmentIds, ...event.data.shipments.map((s) => s.id)])].sort();
  const status = order.status === OrderStatus.CANCELLED ? order.status : OrderStatus.RELEASED;
  return { ...order, shipmentIds, status };
};

export const orderCancelled: Fold<OrderRecord, typeof EventType.OrderCancelled> = (record, event) => ({
  ...existing(record, `order ${event.subject}`),
  status: OrderStatus.CANCELLED,
  cancellationReason: event.data.reason,
});
