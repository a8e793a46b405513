import type { ReasonCode } from '../events/types';
import { EventType } from '../events/types';
import { DCSA_EVENT_OF } from './dcsa/dcsa-mapping';
import { X12_214_REASON, X12_STATUS_OF_EVENT } from './x12/x12-214-mapping';

/** A milestone or status in partners' vocabularies (`CarrierCodes` in the graph). */
export interface CarrierCodes {
  x12StatusCode: string | null;
  x12ReasonCode: string | null;
  dcsaEventType: string | null;
  dcsaEventCode: string | null;
  dcsaClassifier: string | null;
}

/** Canonical reason → the X12 reason code listed first for it in the inbound table. */
const X12_REASON_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(X12_214_REASON)
    .filter((pair): pair is [string, ReasonCode] => pair[1] !== null)
    .reverse()
    .map(([x12, canonical]) => [canonical, x12]),
);

/** The milestone a unified status is reached by, for answering partners about a shipment's status. */
const EVENT_OF_STATUS: Readonly<Record<string, EventType>> = {
  IN_TRANSIT: EventType.InTransit,
  OUT_FOR_DELIVERY: EventType.OutForDelivery,
  AVAILABLE_FOR_PICKUP: EventType.AvailableForPickup,
  DELIVERED: EventType.Delivered,
  RETURNED: EventType.Returned,
};

/**
 * The codes of a milestone: those the carrier sent, when it came in as X12 or DCSA (kept in the
 * event data), else the outbound tables' codes for its canonical type.
 */
export function carrierCodesOf(type: string, reasonCode: string | null, sent?: Partial<CarrierCodes>): CarrierCodes {
  const dcsa = DCSA_EVENT_OF[type as EventType];
  return {
    x12StatusCode: sent?.x12StatusCode ?? X12_STATUS_OF_EVENT[type as EventType] ?? null,
    x12ReasonCode: sent?.x12ReasonCode ?? (reasonCode ? (X12_REASON_OF[reasonCode] ?? null) : null),
    dcsaEventType: sent?.dcsaEventType ?? dcsa?.eventType ?? null,
    dcsaEventCode: sent?.dcsaEventCode ?? dcsa?.code ?? null,
    dcsaClassifier: sent?.dcsaClassifier ?? dcsa?.classifier ?? null,
  };
}

export function carrierCodesOfStatus(status: string): CarrierCodes {
  const type = EVENT_OF_STATUS[status];
  return type
    ? carrierCodesOf(type, null)
    : { x12StatusCode: null, x12ReasonCode: null, dcsaEventType: null, dcsaEventCode: null, dcsaClassifier: null };
}
