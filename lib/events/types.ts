/**
 * The canonical event catalogue (docs/contract.md §5). Every event type string is spelled here once;
 * everything else refers to it through `EventType`.
 */
export const EventType = {
  OrderCreated: 'erp.order.created',
  OrderReleased: 'erp.order.released',
  OrderCancelled: 'erp.order.cancelled',
  PickConfirmed: 'wms.pick.confirmed',
  PackConfirmed: 'wms.pack.confirmed',
  ShipmentLoaded: 'wms.shipment.loaded',
  InventoryAdjusted: 'wms.inventory.adjusted',
  ShipmentTendered: 'tms.shipment.tendered',
  TenderAccepted: 'tms.tender.accepted',
  TenderRejected: 'tms.tender.rejected',
  PickedUp: 'tms.shipment.picked_up',
  InTransit: 'tms.shipment.in_transit',
  EtaUpdated: 'tms.shipment.eta_updated',
  OutForDelivery: 'tms.shipment.out_for_delivery',
  DeliveryAttempted: 'tms.shipment.delivery_attempted',
  AvailableForPickup: 'tms.shipment.available_for_pickup',
  Delivered: 'tms.shipment.delivered',
  ReturnStarted: 'tms.shipment.return_started',
  Returned: 'tms.shipment.returned',
  ExceptionRaised: 'tms.exception.raised',
  ExceptionResolved: 'tms.exception.resolved',
  ChargeRecorded: 'finance.charge.recorded',
  AccrualCreated: 'finance.accrual.created',
  InvoiceApproved: 'finance.invoice.approved',
  InvoicePosted: 'finance.invoice.posted',
  PaymentReceived: 'finance.payment.received',
  CarrierInvoiceReceived: 'finance.carrier_invoice.received',
  /** SLA breaches Lading records itself (docs/governance.md), named after the system that is late. */
  CarrierSlaBreached: 'tms.sla.breached',
  FinanceSlaBreached: 'finance.sla.breached',
} as const;

export type EventType = (typeof EventType)[keyof typeof EventType];

export const ALL_EVENT_TYPES: readonly EventType[] = Object.values(EventType);

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (ALL_EVENT_TYPES as readonly string[]).includes(value);
}

export const SourceSystem = { ERP: 'ERP', WMS: 'WMS', TMS: 'TMS', FINANCE: 'FINANCE' } as const;
export type SourceSystem = (typeof SourceSystem)[keyof typeof SourceSystem];

const SYSTEM_BY_PREFIX: Record<string, SourceSystem> = {
  erp: SourceSystem.ERP,
  wms: SourceSystem.WMS,
  tms: SourceSystem.TMS,
  finance: SourceSystem.FINANCE,
};

/** The system of record an event type belongs to, read from its prefix. */
export function sourceSystemOf(type: EventType): SourceSystem {
  return SYSTEM_BY_PREFIX[type.slice(0, type.indexOf('.'))];
}

/** What an event's `subject` names. */
export type AggregateKind = 'order' | 'shipment' | 'inventory';

export function aggregateKindOf(type: EventType): AggregateKind {
  if (type.startsWith('erp.order.')) return 'order';
  if (type === EventType.InventoryAdjusted) return 'inventory';
  return 'shipment';
}

/**
 * The route of an event: the aggregate it is about (its subject; ids of different kinds never
 * collide in practice, and if they did they would only share a partition). The event's log
 * partition, and every consumer's state about the aggregate, follow from it (docs/redis-layout.md).
 */
export function routeOf(event: Pick<CanonicalEvent, 'subject'>): string {
  return event.subject;
}

/** A validated CloudEvents 1.0 envelope carrying one canonical event. */
export interface CanonicalEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: EventType;
  time: string;
  subject: string;
  data: Record<string, unknown>;
  datacontenttype?: string;
  /** Optional CloudEvents attribute, kept as sent. */
  dataschema?: string;
  /** W3C trace context extension (CloudEvents distributed tracing): application continues this trace. */
  traceparent?: string;
  tracestate?: string;
  /** Other extension attributes (lower-case alphanumeric names, scalar values) are kept as sent too. */
}

/** An event once durably accepted: its place in the log and when Lading recorded it. */
export interface LoggedEvent {
  /** Opaque, ordered position in the event log; also the subscription resume cursor. */
  position: string;
  recordedAt: string;
  event: CanonicalEvent;
  /**
   * W3C `traceparent` of the span that appended it (the `POST /events` request, or the application that
   * reacted), kept only while traces are exported (docs/observability.md): its application continues that trace.
   * Not the event's own `traceparent` extension, which is the sender's and stays in `event`.
   */
  ingestTraceparent?: string;
}

/**
 * Deduplication identity of an event (docs/contract.md §5: same `source` + `id`): `source|id` with `%`
 * and `|` of the source percent-encoded, so the first `|` always ends the source and no two pairs
 * share a key (`X|x` + `1` and `X` + `x|1` differ). Sources without `%` or `|` (every real one)
 * keep the key they had before, so stored deduplication entries and applied markers stay valid.
 */
export function eventKey(event: Pick<CanonicalEvent, 'source' | 'id'>): string {
  return `${event.source.replace(/%/g, '%25').replace(/\|/g, '%7C')}|${event.id}`;
}

export const REASON_CODES = [
  'ADDRESS_INCORRECT',
  'RECIPIENT_UNAVAILABLE',
  'BUSINESS_CLOSED',
  'REFUSED',
  'MISSED_PICKUP',
  'MISSORTED',
  'MECHANICAL_BREAKDOWN',
  'ACCIDENT',
  'WEATHER',
  'CUSTOMS_HOLD',
  'MISSING_DOCUMENTS',
  'DAMAGED',
  'SHORT',
  'LOST',
  'SHORT_PICK',
  'TENDER_REJECTED',
  'NO_UPDATE',
  'OTHER',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
