import type { Resolvers } from '../generated/resolvers';
import { DateTime } from '../../../lib/graphql/date-time';
import { eventOperationMutations, eventOperationQueries, HeldEventNode } from './event-operations';
import { EventTraceNode } from './event-trace';
import { governanceQueries, shipmentEventTraces, ShipmentSnapshotNode } from './governance';
import { shipmentQueries } from './query';
import { Shipment } from './shipment';
import { shipmentSubscriptions } from './subscription';
import { WebhookDeliveryNode, WebhookEndpointNode, webhookMutations, webhookQueries } from './webhooks';

export const transportResolvers: Resolvers = {
  DateTime,
  Query: { ...shipmentQueries, ...eventOperationQueries, ...governanceQueries, ...webhookQueries },
  Mutation: { ...eventOperationMutations, ...webhookMutations },
  Subscription: shipmentSubscriptions,
  Shipment: { ...Shipment, eventTraces: shipmentEventTraces },
  ShipmentSnapshot: ShipmentSnapshotNode,
  HeldEvent: HeldEventNode,
  EventTrace: EventTraceNode,
  WebhookEndpoint: WebhookEndpointNode,
  WebhookDelivery: WebhookDeliveryNode,
};
