import { isRfc3339 } from '../../events/rfc3339';
import type { CanonicalEvent } from '../../events/types';
import { EventType } from '../../events/types';
import type { DcsaClassifier, DcsaEventType } from './dcsa-mapping';
import { DCSA_CLASSIFIERS, DCSA_CODE_ATTRIBUTE, DCSA_MAPPING } from './dcsa-mapping';
import { dcsaLocation } from './dcsa-location';
import { dcsaShipmentReferences } from './dcsa-references';

/** `event.subject` is the first of `references`; ingest replaces it with the shipment they resolve to. */
export type DcsaMapping =
  | { ok: true; event: CanonicalEvent; eventId: string; references: string[] }
  | { ok: true; event: null; eventId: string }
  | { ok: false; eventId: string | null; reason: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** v3.0.0 wraps each event as `{ metadata, payload }`; 2.2 is flat. Both read the same. */
function flatten(raw: Json): Json {
  // A retraction carries metadata only.
  return isObject(raw.metadata) ? { ...(isObject(raw.payload) ? raw.payload : {}), ...raw.metadata } : raw;
}

/** Source URN: `urn:dcsa:<publisher>`, the publisher's SMDG/SCAC code or party name when given, else the caller. */
export function dcsaSource(event: Json, fallback: string): string {
  const publisher = isObject(event.publisher) ? (str(event.publisher.carrierCode) ?? str(event.publisher.partyName)) : undefined;
  return `urn:dcsa:${encodeURIComponent((publisher ?? fallback).toLowerCase())}`;
}

/** One DCSA T&T event → a canonical event (table in dcsa-mapping.ts), or the attribute that is wrong. */
export function mapDcsaEvent(raw: unknown, index: number, fallbackPublisher: string): DcsaMapping {
  const at = (name: string) => `events[${index}].${name}`;
  if (!isObject(raw)) return { ok: false, eventId: null, reason: `events[${index}] must be an object` };
  const event = flatten(raw);
  const eventId = str(event.eventID) ?? null;
  const fail = (reason: string): DcsaMapping => ({ ok: false, eventId, reason });
  if (!eventId) return fail(`${at('eventID')} is required`);
  if (event.retractedEventID !== undefined) return fail(`${at('retractedEventID')}: retractions are not supported; send a corrected event`);
  const eventType = event.eventType as DcsaEventType;
  if (!(eventType in DCSA_CODE_ATTRIBUTE)) return fail(`${at('eventType')} must be TRANSPORT, EQUIPMENT or SHIPMENT`);
  const codeAttribute = DCSA_CODE_ATTRIBUTE[eventType];
  const code = str(event[codeAttribute]) ?? str(event.eventTypeCode);
  if (!code) return fail(`${at(codeAttribute)} is required`);
  const classifier = (str(event.eventClassifierCode) ?? (eventType === 'SHIPMENT' ? 'ACT' : undefined)) as DcsaClassifier;
  if (!DCSA_CLASSIFIERS.includes(classifier)) return fail(`${at('eventClassifierCode')} must be PLN, EST or ACT`);
  const rule = DCSA_MAPPING[eventType][code]?.[classifier];
  if (!rule) return fail(`${at(codeAttribute)} "${code}" is not in Lading's DCSA mapping for ${eventType} events`);
  const eventDateTime = event.eventDateTime;
  if (!isRfc3339(eventDateTime)) return fail(`${at('eventDateTime')} must be an ISO 8601 date-time with offset`);
  if (!rule.type) return { ok: true, event: null, eventId };
  const references = dcsaShipmentReferences(event);
  if (references.length === 0)
    return fail(`${at('relatedDocumentReferences')} needs a BKG or TRD document reference (naming the shipment)`);
  const created = isRfc3339(event.eventCreatedDateTime) ? event.eventCreatedDateTime : eventDateTime;
  const data: Json = { carrierCodes: { dcsaEventType: eventType, dcsaEventCode: code, dcsaClassifier: classifier } };
  let time = eventDateTime;
  if (rule.type === EventType.EtaUpdated) {
    // An estimate happens when it is made; the time it predicts is the ETA.
    data.eta = eventDateTime;
    time = created;
  } else if (rule.type === EventType.TenderRejected) {
    data.reasonCode = 'TENDER_REJECTED';
  } else {
    const location = dcsaLocation(event);
    if (location && rule.type !== EventType.TenderAccepted) data.location = location;
  }
  const canonical: CanonicalEvent = {
    specversion: '1.0',
    id: eventId,
    source: dcsaSource(event, fallbackPublisher),
    type: rule.type,
    time,
    subject: references[0],
    data,
  };
  return { ok: true, event: canonical, eventId, references };
}
