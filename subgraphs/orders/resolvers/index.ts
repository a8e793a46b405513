import { DateTime } from '../../../lib/graphql/date-time';
import { Customer, Order } from './order';
import { orderQueries } from './query';
import { Shipment } from './shipment';

import type { Resolvers } from '../generated/resolvers';

export const ordersResolvers: Resolvers = {
  DateTime,
  Query: orderQueries,
  Order,
  Customer,
  Shipment,
};
