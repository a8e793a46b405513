import { EventType } from '../../events/types';

export type DcsaEventType = 'TRANSPORT' | 'EQUIPMENT' | 'SHIPMENT';
export type DcsaClassifier = 'PLN' | 'EST' | 'ACT';
export const DCSA_CLASSIFIERS: readonly DcsaClassifier[] = ['PLN', 'EST', 'ACT'];

/** The attribute holding each event type's code (DCSA T&T). */
export const DCSA_CODE_ATTRIBUTE: Record<DcsaEventType, string> = {
  TRANSPORT: 'transportEventTypeCode',
  EQUIPMENT: 'equipmentEventTypeCode',
  SHIPMENT: 'shipmentEventTypeCode',
};

export interface DcsaRule {
  /** The canonical event, or null when the DCSA event is informational (accepted, nothing applied). */
  type: EventType | null;
  meaning: string;
}

type ByClassifier = Partial<Record<DcsaClassifier, DcsaRule>>;

const informational = (meaning: string): ByClassifier => ({
  PLN: { type: null, meaning },
  EST: { type: null, meaning },
  ACT: { type: null, meaning },
});
const actual = (type: EventType | null, meaning: string): ByClassifier => ({ ...informational(meaning), ACT: { type, meaning } });

/**
 * The DCSA Track & Trace v3.0.0 mapping (codes as 2.2 and 3.0.0 define them) (docs/carriers.md prints it): event type → event code →
 * classifier. Planned and estimated arrivals update the ETA; actual movements move the status;
 * estimates of anything else are informational. A code not listed rejects its event.
 */
export const DCSA_MAPPING: Readonly<Record<DcsaEventType, Readonly<Record<string, ByClassifier>>>> = {
  TRANSPORT: {
    ARRI: {
      PLN: { type: EventType.EtaUpdated, meaning: 'Planned arrival' },
      EST: { type: EventType.EtaUpdated, meaning: 'Estimated arrival' },
      ACT: { type: EventType.InTransit, meaning: 'Arrived (port call)' },
    },
    DEPA: actual(EventType.InTransit, 'Departed (port call)'),
  },
  EQUIPMENT: {
    GTIN: actual(EventType.PickedUp, 'Gated in at the origin terminal'),
    PICK: actual(EventType.PickedUp, 'Picked up'),
    LOAD: actual(EventType.InTransit, 'Loaded'),
    DISC: actual(EventType.InTransit, 'Discharged'),
    GTOT: actual(EventType.OutForDelivery, 'Gated out for delivery'),
    AVPU: actual(EventType.AvailableForPickup, 'Available for pick-up'),
    DROP: actual(EventType.Delivered, 'Dropped off at the consignee'),
    STUF: informational('Stuffed'),
    STRP: informational('Stripped'),
    INSP: informational('Inspected'),
    RSEA: informational('Resealed'),
    RMVD: informational('Removed'),
  },
  SHIPMENT: {
    RECE: informational('Received'),
    DRFT: informational('Drafted'),
    PENA: informational('Pending approval'),
    CONF: actual(EventType.TenderAccepted, 'Booking confirmed'),
    REJE: actual(EventType.TenderRejected, 'Booking rejected'),
    ISSU: informational('Issued'),
    APPR: informational('Approved'),
    SURR: informational('Surrendered'),
    CANC: informational('Cancelled'),
    PENU: informational('Pending update'),
    SUBM: informational('Submitted'),
    VOID: informational('Voided'),
    REQS: informational('Requested'),
    CMPL: informational('Completed'),
    HOLD: informational('On hold'),
    RELS: informational('Released'),
  },
};

/** The other direction: the DCSA event a partner would expect for a canonical milestone. */
export const DCSA_EVENT_OF: Readonly<Partial<Record<EventType, { eventType: DcsaEventType; code: string; classifier: DcsaClassifier }>>> = {
  [EventType.PickedUp]: { eventType: 'EQUIPMENT', code: 'GTIN', classifier: 'ACT' },
  [EventType.InTransit]: { eventType: 'TRANSPORT', code: 'DEPA', classifier: 'ACT' },
  [EventType.EtaUpdated]: { eventType: 'TRANSPORT', code: 'ARRI', classifier: 'EST' },
  [EventType.OutForDelivery]: { eventType: 'EQUIPMENT', code: 'GTOT', classifier: 'ACT' },
  [EventType.AvailableForPickup]: { eventType: 'EQUIPMENT', code: 'AVPU', classifier: 'ACT' },
  [EventType.Delivered]: { eventType: 'EQUIPMENT', code: 'DROP', classifier: 'ACT' },
  [EventType.TenderAccepted]: { eventType: 'SHIPMENT', code: 'CONF', classifier: 'ACT' },
  [EventType.TenderRejected]: { eventType: 'SHIPMENT', code: 'REJE', classifier: 'ACT' },
};
