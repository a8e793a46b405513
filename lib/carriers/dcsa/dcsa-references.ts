type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The document kinds that name a Lading shipment, in the order they are preferred. */
const SHIPMENT_DOCUMENTS = ['BKG', 'TRD'] as const;

interface DocumentReference {
  type: string;
  value: string;
}

/**
 * Every document reference an event carries, whatever its version's spelling: v3's own document
 * (`documentTypeCode` + `documentReference`, SHIPMENT events) and `relatedDocumentReferences`
 * (`{ type, value }`), and 2.2's `documentReferences` (`{ documentReferenceType, documentReferenceValue }`).
 */
function documentReferencesOf(event: Json): DocumentReference[] {
  const found: DocumentReference[] = [];
  const own = str(event.documentTypeCode);
  const ownValue = str(event.documentReference);
  if (own && ownValue) found.push({ type: own, value: ownValue });
  for (const list of [event.relatedDocumentReferences, event.documentReferences]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list.filter(isObject)) {
      const type = str(entry.type ?? entry.documentReferenceType);
      const value = str(entry.value ?? entry.documentReferenceValue);
      if (type && value) found.push({ type, value });
    }
  }
  return found;
}

/**
 * The references that name the shipment, preferred first: the carrier booking references (BKG), the
 * transport documents (TRD, the bill of lading), then 2.2's documentID. Each may be a Lading
 * shipment id, an ERP shipment number, a tracking number or a BOL: ingest resolves them.
 */
export function dcsaShipmentReferences(event: Json): string[] {
  const references = documentReferencesOf(event);
  const values = SHIPMENT_DOCUMENTS.flatMap((kind) => references.filter((r) => r.type === kind).map((r) => r.value));
  const id = str(event.documentID);
  return [...new Set(id ? [...values, id] : values)];
}
