/** Every collection and index of the webhook store, built in one place. */
export const ENDPOINTS = 'webhookEndpoints';
export const DELIVERIES = 'webhookDeliveries';
export const LEASES = 'webhookLeases';
/** How far the enqueuer has read each change stream: `{ after: <change id> }` by stream name. */
export const OFFSETS = 'webhookOffsets';

export const webhookIndex = {
  endpoints: 'webhooks:endpoints',
  /** Every delivery of an endpoint, in change order (members `<change id>:<shipment id>|<delivery id>`). */
  deliveries: (endpointId: string) => `webhooks:deliveries:${endpointId}`,
  /** Deliveries of an endpoint still to send, in change order (same members). */
  pending: (endpointId: string) => `webhooks:pending:${endpointId}`,
  /** Dead deliveries of every endpoint (members `<deadAt>|<delivery id>`). */
  dead: 'webhooks:dead',
};

/** Index members order by their prefix; the id follows the last `|`. */
export const memberId = (member: string) => member.slice(member.lastIndexOf('|') + 1);
