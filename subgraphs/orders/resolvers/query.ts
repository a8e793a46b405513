import { NotFoundError } from '../../../lib/errors';
import type { Connection } from '../../../lib/graphql/connection';
import { paginate } from '../../../lib/graphql/connection';
import { canSeeCustomer, customerScope, inScope, requireIdentity } from '../../../lib/identity/identity';
import type { OrdersContext } from '../context';
import type { OrderRecord } from '../domain/order-record';
import type { QueryResolvers } from '../generated/resolvers';

/** The order if it exists and the caller may see it; otherwise null. */
export async function loadVisibleOrder(context: OrdersContext, id: string): Promise<OrderRecord | null> {
  const identity = requireIdentity(context.identity);
  const order = await context.loaders.order.load(id);
  return order && canSeeCustomer(identity, order.customer.id) ? order : null;
}

/** The order if the caller may see it; NOT_FOUND otherwise (another customer's order does not exist for them). */
export async function requireVisibleOrder(context: OrdersContext, id: string): Promise<OrderRecord> {
  const order = await loadVisibleOrder(context, id);
  if (!order) throw new NotFoundError('order', id);
  return order;
}

export const orderQueries: QueryResolvers = {
  order: (_, args, context) => requireVisibleOrder(context, args.id),

  orders(_, args, context): Promise<Connection<OrderRecord>> {
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
