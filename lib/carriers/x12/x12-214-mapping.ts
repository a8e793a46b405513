import type { ReasonCode } from '../../events/types';
import { EventType } from '../../events/types';

/**
 * The X12 214 mapping, one table each way (docs/carriers.md prints them). A status code maps to the
 * canonical event it means, or to `null` when it is informational only (acknowledged, no event).
 * A status code not in this table rejects its transaction set: an unmapped code is never guessed at.
 */
export interface X12StatusRule {
  type: EventType | null;
  /** The X12 code's meaning (element 1650), for docs and acknowledgements. */
  meaning: string;
  /** Forced reason code, when the status itself says why (refused, damaged). */
  reasonCode?: ReasonCode;
}

export const X12_214_STATUS: Readonly<Record<string, X12StatusRule>> = {
  X3: { type: null, meaning: 'Arrived at pick-up location' },
  AF: { type: EventType.PickedUp, meaning: 'Carrier departed pick-up location with shipment' },
  X4: { type: EventType.InTransit, meaning: 'Arrived at terminal location' },
  P1: { type: EventType.InTransit, meaning: 'Departed terminal location' },
  X6: { type: EventType.InTransit, meaning: 'En route to delivery location' },
  AG: { type: EventType.EtaUpdated, meaning: 'Estimated delivery' },
  X2: { type: EventType.EtaUpdated, meaning: "Estimated date and/or time of arrival at consignee's location" },
  X1: { type: EventType.OutForDelivery, meaning: 'Arrived at delivery location' },
  AH: { type: EventType.DeliveryAttempted, meaning: 'Attempted delivery' },
  A7: { type: EventType.DeliveryAttempted, meaning: 'Refused by consignee', reasonCode: 'REFUSED' },
  AW: { type: EventType.AvailableForPickup, meaning: 'Shipment available for pick-up' },
  D1: { type: EventType.Delivered, meaning: 'Completed unloading at delivery location' },
  A3: { type: EventType.Returned, meaning: 'Shipment returned to shipper' },
  A9: { type: EventType.ExceptionRaised, meaning: 'Shipment damaged', reasonCode: 'DAMAGED' },
  SD: { type: EventType.ExceptionRaised, meaning: 'Shipment delayed' },
};

/**
 * AT7-02 reason codes (element 1651) → canonical reason codes. `null`: the status is normal and
 * carries no reason. A reason code not listed becomes OTHER; the original stays in the event data.
 */
export const X12_214_REASON: Readonly<Record<string, ReasonCode | null>> = {
  NS: null,
  A1: 'RECIPIENT_UNAVAILABLE',
  A2: 'ADDRESS_INCORRECT',
  AG: 'RECIPIENT_UNAVAILABLE',
  AI: 'MECHANICAL_BREAKDOWN',
  AK: 'DAMAGED',
  AO: 'WEATHER',
  AQ: 'RECIPIENT_UNAVAILABLE',
  AS: 'CUSTOMS_HOLD',
  AY: 'MISSED_PICKUP',
  B1: 'BUSINESS_CLOSED',
  BC: 'MISSING_DOCUMENTS',
  BS: 'REFUSED',
};

/**
 * AT7-07 time codes → UTC offsets. X12 says that without AT7-07 the time is local to the status
 * location, whose zone Lading cannot know: such times are read as UTC (documented for partners).
 */
export const X12_TIME_CODES: Readonly<Record<string, string>> = {
  UT: 'Z',
  GM: 'Z',
  LT: 'Z',
  ET: '-05:00',
  ED: '-04:00',
  ES: '-05:00',
  CT: '-06:00',
  CD: '-05:00',
  CS: '-06:00',
  MT: '-07:00',
  MD: '-06:00',
  MS: '-07:00',
  PT: '-08:00',
  PD: '-07:00',
  PS: '-08:00',
};

/** The other direction: the X12 214 status code a partner would use for a canonical milestone. */
export const X12_STATUS_OF_EVENT: Readonly<Partial<Record<EventType, string>>> = {
  [EventType.PickedUp]: 'AF',
  [EventType.InTransit]: 'X6',
  [EventType.EtaUpdated]: 'AG',
  [EventType.OutForDelivery]: 'X1',
  [EventType.DeliveryAttempted]: 'AH',
  [EventType.AvailableForPickup]: 'AW',
  [EventType.Delivered]: 'D1',
  [EventType.Returned]: 'A3',
  [EventType.ExceptionRaised]: 'SD',
};

/**
 * L11-02 reference qualifiers (element 128) whose L11-01 may name the shipment, besides B10-02 and
 * B10-01: ingest resolves each to a Lading shipment id (Lading id, ERP shipment number,
 * tracking/PRO number, BOL). Other qualifiers (a purchase order, PO) say nothing about which shipment.
 */
export const X12_SHIPMENT_REFERENCE_QUALIFIERS: Readonly<Record<string, string>> = {
  BM: 'Bill of lading number',
  CN: "Carrier's reference number (PRO)",
  SI: "Shipper's identifying number for shipment",
  BN: 'Booking number',
  '2I': 'Tracking number',
};
