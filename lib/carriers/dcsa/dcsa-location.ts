type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** A DCSA location as one line: its UN/LOCODE, else its name, else its address's city and country. */
function describe(location: Json): string | undefined {
  const code = str(location.UNLocationCode) ?? str(location.locationName);
  if (code) return code;
  if (!isObject(location.address)) return undefined;
  const parts = [str(location.address.city), str(location.address.countryCode ?? location.address.country)].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/**
 * Where the event happened: v3's `location` (EQUIPMENT events away from a transport call), 2.2's
 * `eventLocation`, else the transport call's location (v3 and 2.2 alike).
 */
export function dcsaLocation(event: Json): string | undefined {
  const call = isObject(event.transportCall) ? event.transportCall : undefined;
  for (const candidate of [event.location, event.eventLocation, call?.location, call]) {
    const found = isObject(candidate) ? describe(candidate) : undefined;
    if (found) return found;
  }
  return undefined;
}
