import type { CarrierCodes } from '../carriers/carrier-codes';
import type { EventType, SourceSystem } from '../events/types';
import type { Breach, SlaClock } from '../sla/sla-catalogue';

/**
 * One entry of the `shipments` change stream: a shipment's state changed, as committed with it.
 * It carries what live consumers need (subscriptions, webhooks, the SLA scheduler), so none of
 * them reads the transport subgraph's store. The shapes are the graph's (`Shipment`, `Milestone`).
 */
export interface ShipmentChange {
  /** Assigned at commit, in commit order (lib/changes/change-ids.ts). */
  id: string;
  shipmentId: string;
  customerId: string;
  /** How many changes the shipment has had, this one included. */
  version: number;
  /** Log position of the event that caused the change. */
  position: string;
  /** Deduplication key (`source|id`) of that event: the fact's key on the shipment's timeline. */
  factKey: string;
  eventType: EventType;
  milestone: Milestone;
  shipment: ChangedShipment;
  sla: SlaSigns;
  /** The rules' clocks running and not recorded as breaches: each falls due at `since` + its rule's limit (lib/sla). */
  slaClocks: SlaClock[];
}

/** A fact as the portal-facing timeline shows it (`Milestone` in the graph). */
export interface Milestone {
  eventId: string;
  type: string;
  source: SourceSystem;
  occurredAt: string;
  recordedAt: string;
  location: string | null;
  reasonCode: string | null;
  /** The milestone in X12 214 and DCSA terms (lib/carriers/carrier-codes.ts). */
  carrierCodes: CarrierCodes;
}

/** The shipment's transport-owned fields as they stood once the change was committed. */
export interface ChangedShipment {
  id: string;
  number: string;
  orderId: string;
  orderNumber: string;
  customerId: string;
  status: string;
  statusUpdatedAt: string;
  eta: string | null;
  exception: ShipmentException | null;
  transport: TransportDetails | null;
  discrepancies: Discrepancy[];
}

export interface ShipmentException {
  exceptionId: string;
  reasonCode: string;
  customerActionRequired: boolean;
  message: string | null;
  raisedAt: string;
}

export interface TransportDetails {
  carrier: { scac: string; name: string | null } | null;
  mode: string | null;
  trackingNumber: string | null;
  proofOfDelivery: { signedBy: string | null; podReference: string | null; location: string | null; deliveredAt: string } | null;
}

/** A disagreement between systems about one shipment, as `Shipment.discrepancies` shows it. */
export interface Discrepancy {
  code: string;
  message: string;
  systems: SourceSystem[];
}

/**
 * What the SLA rules look at, kept fact by fact in the shipment's fold (facts in occurrence order), so
 * evaluating them costs the same however long the shipment's history is. Only breaches still open
 * are kept: a cleared breach stays cleared (the late event only ever arrives once more facts come).
 */
export interface SlaSigns {
  /** When the latest carrier (TMS) update happened, breach records aside. */
  lastCarrierUpdate: string | null;
  /** When Lading recorded, and when happened, the first delivery. */
  deliveredRecordedAt: string | null;
  deliveredOccurredAt: string | null;
  accrued: boolean;
  invoiced: boolean;
  /** Recorded breaches whose late event has not arrived, oldest due first. */
  open: Breach[];
}
