/** Every collection and index of the webhook store, built in one place. */
export const ENDPOINTS = 'webhookEndpoints';
export const DELIVERIES = 'webhookDeliveries';
export const LEASES = 'webhookLeases';
export const DEFERRED = 'webhookDeferred';

export const webhookIndex = {
  endpoints: 'webhooks:endpoints',
  /** Every delivery of an endpoint, in log order (members `<position>|<delivery id>`). */
  deliveries: (endpointId: string) => `webhooks:deliveries:${endpointId}`,
  /** Deliveries of an endpoint still to send, in log order (same members). */
  pending: (endpointId: string) => `webhooks:pending:${endpointId}`,
  /** Dead deliveries of every endpoint (members `<deadAt>|<delivery id>`). */
  dead: 'webhooks:dead',
  /** Log entries about a shipment the transport subgraph holds until it exists. */
  deferred: (shipmentId: string) => `webhooks:deferred:${shipmentId}`,
};

/** Index members order by their prefix; the id follows the last `|`. */
export const memberId = (member: string) => member.slice(member.lastIndexOf('|') + 1);
