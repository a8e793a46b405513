import { DateTime } from '../../../lib/graphql/date-time';
import { Customer, Order } from './order';
import { orderQueries } from './query';
import { Shipment } from './shipment';

export const ordersResolvers = {
  DateTime,
  Query: orderQueries,
  Order,
  Customer,
  Shipment,
};
