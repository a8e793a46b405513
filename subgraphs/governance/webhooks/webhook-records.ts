/** A customer's (or a service rep's) registered receiver. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  /** The customer whose shipments it receives; null: every customer's (created by a service rep). */
  customerId: string | null;
  /** Filters; an empty or absent list lets everything through. */
  eventTypes: string[];
  statuses: string[];
  shipmentIds: string[];
  description: string | null;
  /** Signing secret (`whsec_…`); returned to the creator once, never listed. */
  secret: string;
  createdBy: string;
  createdAt: string;
  /**
   * Set when the receiver answered 410 Gone (Standard Webhooks: stop sending); cleared when its
   * owner enables it again. Absent on endpoints stored before endpoints could be disabled.
   */
  disabledAt?: string | null;
  disabledReason?: string | null;
}

export const isDisabled = (endpoint: WebhookEndpoint): boolean => Boolean(endpoint.disabledAt);

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD';

export interface WebhookAttempt {
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** One update for one endpoint; its id is the stable `webhook-id` of every attempt. */
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  /** Member of the endpoint's indexes: `<change id>:<shipment id>|<id>`, so lists are in change order. */
  member: string;
  shipmentId: string;
  eventType: string;
  /** Log position of the event that caused the change. */
  position: string;
  /** The exact JSON body sent (the ShipmentUpdate shape), fixed at enqueue so every attempt is identical. */
  body: string;
  status: DeliveryStatus;
  attemptCount: number;
  /** The latest attempts, newest last (at most MAX_ATTEMPTS_KEPT). */
  attempts: WebhookAttempt[];
  createdAt: string;
  firstAttemptAt: string | null;
  nextAttemptAt: string;
  deliveredAt: string | null;
  deadAt: string | null;
}

export const MAX_ATTEMPTS_KEPT = 20;
