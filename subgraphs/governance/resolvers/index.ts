import type { Resolvers } from '../generated/resolvers';
import { DateTime } from '../../../lib/graphql/date-time';
import { eventOperationMutations, eventOperationQueries, HeldEventNode } from './event-operations';
import { EventTraceNode, eventTraceQueries, ShipmentNode } from './event-trace';
import { slaAndOperationsQueries } from './sla-and-operations';
import { WebhookDeliveryNode, WebhookEndpointNode, webhookMutations, webhookQueries } from './webhooks';

export const governanceResolvers: Resolvers = {
  DateTime,
  Query: { ...eventOperationQueries, ...eventTraceQueries, ...slaAndOperationsQueries, ...webhookQueries },
  Mutation: { ...eventOperationMutations, ...webhookMutations },
  HeldEvent: HeldEventNode,
  EventTrace: EventTraceNode,
  Shipment: ShipmentNode,
  WebhookEndpoint: WebhookEndpointNode,
  WebhookDelivery: WebhookDeliveryNode,
};
