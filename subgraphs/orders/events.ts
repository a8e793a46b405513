import { EventHandlers } from '../../lib/events/applier';
import { EventType } from '../../lib/events/types';
import { CUSTOMERS, ORDERS, orderIndex } from './store/keys';
import { OrderLine, OrderRecord, OrderStatus } from './store/order-record';
import { optionalString } from '../../lib/events/event-data';

/** How the ERP subgraph's state changes. A cancellation sticks, whatever arrives after it. */
export const ordersHandlers: EventHandlers = {
  async [EventType.OrderCreated]({ uow, event }) {
    const data = event.data as { number: string; customer: { id: string; name: string }; lines: Record<string, unknown>[] } & Record<string, unknown>;
    const existing = await uow.get<OrderRecord>(ORDERS, event.subject);
    const lines: OrderLine[] = data.lines.map((l) => ({
      sku: l.sku as string,
      quantity: l.quantity as number,
      uom: optionalString(l.uom),
      description: optionalString(l.description),
    }));
    const order: OrderRecord = {
      id: event.subject,
      number: data.number,
      status: existing?.status ?? OrderStatus.CREATED,
      customer: { id: data.customer.id, name: data.customer.name },
      lines,
      shipTo: (data.shipTo as Record<string, unknown> | undefined) ?? null,
      requestedDeliveryDate: optionalString(data.requestedDeliveryDate),
      currency: optionalString(data.currency),
      createdAt: new Date(event.time).toISOString(),
      shipmentIds: existing?.shipmentIds ?? [],
      cancellationReason: existing?.cancellationReason ?? null,
    };
    uow.put(ORDERS, order.id, order);
    uow.put(CUSTOMERS, order.customer.id, order.customer);
    uow.index(orderIndex.all, order.id);
    uow.index(orderIndex.byCustomer(order.customer.id), order.id);
  },

  async [EventType.OrderReleased]({ uow, event }) {
    const order = await uow.get<OrderRecord>(ORDERS, event.subject);
    if (!order) throw new Error(`order ${event.subject} is missing from the orders store`);
    const released = (event.data.shipments as { id: string }[]).map((s) => s.id);
    const shipmentIds = [...new Set([...order.shipmentIds, ...released])].sort();
    const status = order.status === OrderStatus.CANCELLED ? order.status : OrderStatus.RELEASED;
    uow.put(ORDERS, order.id, { ...order, shipmentIds, status });
  },

  async [EventType.OrderCancelled]({ uow, event }) {
    const order = await uow.get<OrderRecord>(ORDERS, event.subject);
    if (!order) throw new Error(`order ${event.subject} is missing from the orders store`);
    uow.put(ORDERS, order.id, { ...order, status: OrderStatus.CANCELLED, cancellationReason: event.data.reason as string });
  },
};
