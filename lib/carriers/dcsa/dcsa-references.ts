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

/** The Lading shipment id: the carrier booking reference (BKG), else the transport document (TRD), else 2.2's documentID. */
export function dcsaShipmentId(event: Json): string | undefined {
  const references = documentReferencesOf(event);
  for (const kind of SHIPMENT_DOCUMENTS) {
    const found = references.find((r) => r.type === kind);
    if (found) return found.value;
  }
  return str(event.documentID);
}
