import type { EventHandlers } from '../../lib/events/applier';
import { EventType } from '../../lib/events/types';
import { orderCancelled, orderCreated, orderReleased } from './domain/order-fold';
import type { OrderRecord } from './domain/order-record';
import { CUSTOMERS, ORDERS, orderIndex } from './store/keys';

/** How the ERP subgraph's state changes: each handler loads the order, folds the event in (domain/), stores it. */
export const ordersHandlers: EventHandlers = {
  async [EventType.OrderCreated]({ uow, event }) {
    const order = orderCreated(await uow.get<OrderRecord>(ORDERS, event.subject), event);
    uow.put(ORDERS, order.id, order);
    uow.put(CUSTOMERS, order.customer.id, order.customer);
    uow.index(orderIndex.all, order.id);
    uow.index(orderIndex.byCustomer(order.customer.id), order.id);
  },

  async [EventType.OrderReleased]({ uow, event }) {
    uow.put(ORDERS, event.subject, orderReleased(await uow.get<OrderRecord>(ORDERS, event.subject), event));
  },

  async [EventType.OrderCancelled]({ uow, event }) {
    uow.put(ORDERS, event.subject, orderCancelled(await uow.get<OrderRecord>(ORDERS, event.subject), event));
  },
};
