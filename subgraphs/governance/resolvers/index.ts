import type { Resolvers } from '../generated/resolvers';
import { DateTime } from '../../../lib/graphql/date-time';
import { eventOperationMutations, eventOperationQueries, HeldEventNode } from './event-operations';
import { EventTraceNode, eventTraceQueries, ShipmentNode } from './event-trace';

export const governanceResolvers: Resolvers = {
  DateTime,
  Query: { ...eventOperationQueries, ...eventTraceQueries },
  Mutation: eventOperationMutations,
  HeldEvent: HeldEventNode,
  EventTrace: EventTraceNode,
  Shipment: ShipmentNode,
};
