import { DateTime } from '../../../lib/graphql/date-time';
import { eventOperationMutations, eventOperationQueries, HeldEventNode } from './event-operations';
import { shipmentQueries } from './query';
import { Shipment } from './shipment';
import { shipmentSubscriptions } from './subscription';

export const transportResolvers = {
  DateTime,
  Query: { ...shipmentQueries, ...eventOperationQueries },
  Mutation: eventOperationMutations,
  Subscription: shipmentSubscriptions,
  Shipment,
  HeldEvent: HeldEventNode,
};
