import { NotFoundError } from '../../../lib/errors';
import type { Connection } from '../../../lib/graphql/connection';
import { checkPageSize, paginate } from '../../../lib/graphql/connection';
import { customerScope, inScope, requireIdentity } from '../../../lib/identity/identity';
import { mergeRanges } from '../../../lib/store/merge-ranges';
import type { TransportContext } from '../context';
import type { ShipmentProjection } from '../domain/shipment-projection';
import { loadVisibleShipment, requireVisibleShipment } from './visible-shipment';

interface ShipmentsArgs {
  filter?: { status?: string[] | null; customerId?: string | null } | null;
  first: number;
  after?: string | null;
}

export const shipmentQueries = {
  shipment: (_: unknown, args: { id: string }, context: TransportContext) => requireVisibleShipment(context, args.id),

  async trackShipment(_: unknown, args: { reference: string }, context: TransportContext) {
    const [entry] = await context.store.getReferences([args.reference.trim()]);
    for (const id of entry?.shipmentIds ?? []) {
      const shipment = await loadVisibleShipment(context, id);
      if (shipment) return shipment;
    }
    throw new NotFoundError('shipment with reference', args.reference);
  },

  async shipments(_: unknown, args: ShipmentsArgs, context: TransportContext): Promise<Connection<ShipmentProjection>> {
    const identity = requireIdentity(context.identity);
    checkPageSize(args.first);
    const customerId = customerScope(identity, args.filter?.customerId);
    const statuses: (string | undefined)[] = args.filter?.status?.length ? [...new Set(args.filter.status)] : [undefined];
    const indexes = statuses.map((status) => context.store.listingIndex(customerId, status));
    const documents = context.store.documents;
    return paginate<ShipmentProjection>(
      {
        range: (after, count) => mergeRanges(documents, indexes, after, count),
        // An index entry is only a hint: each node is checked against the tenant again, so a stale entry never leaks.
        load: (ids) =>
          context.loaders.shipment
            .loadMany(ids)
            .then((rows) => rows.map((r) => (r instanceof Error || !r || !inScope(identity, customerId, r.customerId) ? null : r))),
        total: async () => (await Promise.all(indexes.map((i) => documents.count(i)))).reduce((a, b) => a + b, 0),
      },
      args.first,
      args.after,
    );
  },
};
