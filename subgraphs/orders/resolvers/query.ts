import { NotFoundError } from '../../../lib/errors';
import { Connection, paginate } from '../../../lib/graphql/connection';
import { canSeeCustomer, customerScope, inScope, requireIdentity } from '../../../lib/identity/identity';
import { OrdersContext } from '../context';
import { OrderRecord } from '../domain/order-record';

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
    const identity = requireIdentity(context.identity);
    const scope = customerScope(identity);
    const index = context.store.listingIndex(scope);
    const documents = context.store.documents;
    return paginate<OrderRecord>(
      {
        range: (after, count) => documents.range(index, { after, first: count }),
        // An index entry is only a hint: each node is checked against the tenant again, so a stale entry never leaks.
        load: async (ids) => (await context.store.getOrders(ids)).map((o) => (o && inScope(identity, scope, o.customer.id) ? o : null)),
        total: () => documents.count(index),
      },
      args.first,
      args.after,
    );
  },
};
