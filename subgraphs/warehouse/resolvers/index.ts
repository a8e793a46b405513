import { DateTime } from '../../../lib/graphql/date-time';
import { Role, canSeeCustomer, requireIdentity, requireRole } from '../../../lib/identity/identity';
import type { Resolvers } from '../generated/resolvers';

export const warehouseResolvers: Resolvers = {
  DateTime,
  Query: {
    async inventoryPosition(_, args, context) {
      requireRole(requireIdentity(context.identity), Role.ServiceRep);
      const [position] = await context.store.getInventory([`${args.warehouseId}/${args.sku}`]);
      return position;
    },
  },
  Shipment: {
    /** Returns the fulfillment itself as the entity; another customer's shipment is null. */
    async __resolveReference(reference, context) {
      const record = await context.loaders.fulfillment.load(reference.id);
      if (!record || !context.identity || !canSeeCustomer(context.identity, record.customerId)) return null;
      return { id: reference.id, record };
    },
    fulfillment: (shipment) => shipment.record,
  },
  Fulfillment: {
    // Spelled out so that tsc holds the domain's states to the SDL enum (generated/resolvers.ts).
    state: (record) => record.state,
    shortPicks: (record) => record.pickLines.filter((line) => line.shortQuantity > 0),
  },
};
