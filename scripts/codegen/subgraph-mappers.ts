import type { SubgraphName } from '../../lib/subgraph-names';
import type { ResolverTypesConfig } from './resolver-types';

/**
 * Per subgraph: its context type and, for each object type whose resolvers start from a record
 * rather than from the GraphQL shape, that record (paths relative to `subgraphs/<name>/generated/`).
 */
export const RESOLVER_TYPES: Record<SubgraphName, ResolverTypesConfig> = {
  orders: {
    context: '../context#OrdersContext',
    mappers: {
      Order: '../domain/order-record#OrderRecord',
      Customer: '../domain/order-record#CustomerRecord',
      Shipment: '../../../lib/events/directory#ShipmentRef',
    },
  },
  warehouse: {
    context: '../context#WarehouseContext',
    mappers: {
      Shipment: '../domain/records#FulfilledShipment',
      Fulfillment: '../domain/records#FulfillmentRecord',
      InventoryPosition: '../domain/records#InventoryPosition as InventoryPositionRecord',
    },
  },
  transport: {
    context: '../context#TransportContext',
    mappers: {
      Shipment: '../domain/shipment-projection#ShipmentView',
      ShipmentSnapshot: '../domain/as-of#ShipmentSnapshot as ShipmentSnapshotRecord',
    },
  },
  finance: {
    context: '../context#FinanceContext',
    mappers: {
      Shipment: '../domain/records#BilledShipment',
      Billing: '../domain/records#BillingRecord',
      CustomerInvoice: '../domain/records#InvoiceRecord',
      CarrierInvoice: '../../../lib/settlement#CarrierInvoice as CarrierInvoiceRecord',
    },
  },
  governance: {
    context: '../context#GovernanceContext',
    mappers: {
      WebhookEndpoint: '../webhooks/webhook-records#WebhookEndpoint as WebhookEndpointRecord',
      WebhookDelivery: '../webhooks/webhook-records#WebhookDelivery as WebhookDeliveryRecord',
      HeldEvent: '../../../lib/events/held-events#HeldEvent as HeldEventRecord',
      DeadLetter: '../../../lib/events/dead-letters#DeadLetter as DeadLetterRecord',
      EventTrace: '../traces/event-trace#EventTrace as EventTraceRecord',
    },
  },
};
