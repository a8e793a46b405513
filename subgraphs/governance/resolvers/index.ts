import type { Resolvers } from '../generated/resolvers';
import { DateTime } from '../../../lib/graphql/date-time';
import { eventOperationMutations, eventOperationQueries, HeldEventNode } from './event-operations';

export const governanceResolvers: Resolvers = {
  DateTime,
  Query: eventOperationQueries,
  Mutation: eventOperationMutations,
  HeldEvent: HeldEventNode,
};
