import type { Resolvers } from '../generated/resolvers';
import { DateTime } from '../../../lib/graphql/date-time';
import { asOfQueries, shipmentFactEvents, ShipmentSnapshotNode } from './as-of';
import { shipmentQueries } from './query';
import { Shipment } from './shipment';
import { shipmentSubscriptions } from './subscription';

export const transportResolvers: Resolvers = {
  DateTime,
  Query: { ...shipmentQueries, ...asOfQueries },
  Subscription: shipmentSubscriptions,
  Shipment: { ...Shipment, factEvents: shipmentFactEvents },
  ShipmentSnapshot: ShipmentSnapshotNode,
};
