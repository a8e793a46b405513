import { keyPart } from '../../../lib/redis/keys';

/** Every collection and index name of the transport subgraph's store; values in index names are escaped (keyPart). */
export const SHIPMENTS = 'shipments';
export const ORDER_FACTS = 'orderFacts';
export const REFERENCES = 'references';

export const shipmentIndex = {
  all: 'shipments:all',
  byCustomer: (customerId: string) => `shipments:customer:${keyPart(customerId)}`,
  byStatus: (status: string) => `shipments:status:${keyPart(status)}`,
  byCustomerStatus: (customerId: string, status: string) => `shipments:customer:${keyPart(customerId)}:status:${keyPart(status)}`,
  ofOrder: (orderId: string) => `shipments:order:${keyPart(orderId)}`,
  /** Open SLA breaches, members `dueAt|shipmentId|code` (see sla/breach-members.ts). */
  slaOpen: 'sla:open',
};
