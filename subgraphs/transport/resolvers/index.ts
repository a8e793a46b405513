import type { Resolvers } from '../generated/resolvers';
import { DateTime } from '../../../lib/graphql/date-time';
import { governanceQueries, shipmentFactEvents, ShipmentSnapshotNode } from './governance';
import { shipmentQueries } from './query';
import { Shipment } from './shipment';
import { shipmentSubscriptions } from './subscription';
import { WebhookDeliveryNode, WebhookEndpointNode, webhookMutations, webhookQueries } from './webhooks';

export const transportResolvers: Resolvers = {
  DateTime,
  Query: { ...shipmentQueries, ...governanceQueries, ...webhookQueries },
  Mutation: webhookMutations,
  Subscription: shipmentSubscriptions,
  Shipment: { ...Shipment, factEvents: shipmentFactEvents },
  ShipmentSnapshot: ShipmentSnapshotNode,
  WebhookEndpoint: WebhookEndpointNode,
  WebhookDelivery: WebhookDeliveryNode,
};
