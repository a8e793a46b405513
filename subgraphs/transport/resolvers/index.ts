import { DateTime } from '../../../lib/graphql/date-time';
import { eventOperationMutations, eventOperationQueries, HeldEventNode } from './event-operations';
import { shipmentQueries } from './query';
import { Shipment } from './shipment';

export const transportResolvers = {
  DateTime,
  Query: { ...shipmentQueries, ...eventOperationQueries },
  Mutation: eventOperationMutations,
  Shipment,
  HeldEvent: HeldEventNode,
};
