/** Every collection and index name of the transport subgraph's store. */
export const SHIPMENTS = 'shipments';
export const ORDER_FACTS = 'orderFacts';
export const REFERENCES = 'references';

export const shipmentIndex = {
  all: 'shipments:all',
  byCustomer: (customerId: string) => `shipments:customer:${customerId}`,
  byStatus: (status: string) => `shipments:status:${status}`,
  byCustomerStatus: (customerId: string, status: string) => `shipments:customer:${customerId}:status:${status}`,
  ofOrder: (orderId: string) => `shipments:order:${orderId}`,
  /** Open SLA breaches, members `dueAt|shipmentId|code` (see sla/breach-members.ts). */
  slaOpen: 'sla:open',
};
