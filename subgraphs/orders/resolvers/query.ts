import { NotFoundError } from '../../../lib/errors';
import { Connection, paginate } from '../../../lib/graphql/connection';
import { canSeeCustomer, customerScope, requireIdentity } from '../../../lib/identity/identity';
import { OrdersContext } from '../context';
import { OrderRecord } from '../store/order-record';

/** The order if it exists and the caller may see it; otherwise null. */
export async function loadVisibleOrder(context: OrdersContext, id: string): Promise<OrderRecord | null> {
  const identity = requireIdentity(context.identity);
  const order = await context.loaders.order.load(id);
  return order && canSeeCustomer(identity, order.customer.id) ? order : null;
}

export const orderQueries = {
  async order(_: unknown, args: { id: string }, context: OrdersContext) {
    const order = await loadVisibleOrder(context, args.id);
    if (!order) throw new NotFoundError('order', args.id);
    return order;
  },

  orders(_: unknown, args: { first: number; after?: string | null }, context: OrdersContext): Promise<Connection<OrderRecord>> {
    const index = context.store.listingIndex(customerScope(requireIdentity(context.identity)));
    const documents = context.store.documents;
    return paginate<OrderRecord>(
      {
        range: (after, count) => documents.range(index, { after, first: count }),
        load: (ids) => context.store.getOrders(ids),
        total: () => documents.count(index),
      },
      args.first,
      args.after,
    );
  },
};
