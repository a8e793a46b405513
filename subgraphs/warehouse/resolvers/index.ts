import { DateTime } from '../../../lib/graphql/date-time';
import { Role, canSeeCustomer, requireIdentity, requireRole } from '../../../lib/identity/identity';
import { WarehouseContext } from '../context';
import { FulfillmentRecord } from '../domain/records';

export const warehouseResolvers = {
  DateTime,
  Query: {
    async inventoryPosition(_: unknown, args: { warehouseId: string; sku: string }, context: WarehouseContext) {
      requireRole(requireIdentity(context.identity), Role.ServiceRep);
      const [position] = await context.store.getInventory([`${args.warehouseId}/${args.sku}`]);
      return position;
    },
  },
  Shipment: {
    /** Returns the fulfillment itself as the entity; another customer's shipment is null. */
    async __resolveReference(reference: { id: string }, context: WarehouseContext) {
      const record = await context.loaders.fulfillment.load(reference.id);
      if (!record || !context.identity || !canSeeCustomer(context.identity, record.customerId)) return null;
      return { id: reference.id, record };
    },
    fulfillment: (shipment: { record: FulfillmentRecord }) => shipment.record,
  },
  Fulfillment: {
    shortPicks: (record: FulfillmentRecord) => record.pickLines.filter((line) => line.shortQuantity > 0),
  },
};
