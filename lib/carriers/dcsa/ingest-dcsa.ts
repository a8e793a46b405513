import type { CarrierIngestPort } from '../carrier-ingest';
import { UNKNOWN_REFERENCE, outcomeOf } from '../carrier-ingest';
import { limitProblem } from '../../events/event-limits';
import { jsonText } from '../../events/json-text';
import type { DcsaMapping } from './map-dcsa';
import { mapDcsaEvent } from './map-dcsa';

export interface DcsaResult {
  /** The DCSA eventID (also the canonical event's id). */
  eventID: string | null;
  /**
   * `informational`: a valid DCSA event with no canonical meaning (see the mapping table); nothing is applied.
   * `held`: from a carrier-bound caller, about a shipment not tendered yet (docs/carriers.md).
   */
  status: 'accepted' | 'duplicate' | 'rejected' | 'held' | 'informational';
  type?: string;
  reason?: string;
}

/** Maps each DCSA event on its own (one bad event never sinks the rest) and ingests the mapped ones in request order. */
export async function ingestDcsa(events: readonly unknown[], publisher: string, port: CarrierIngestPort): Promise<DcsaResult[]> {
  const results: DcsaResult[] = [];
  for (let i = 0; i < events.length; i++) {
    // The shape limits of canonical events hold for what a carrier sends too, checked before anything walks it.
    const excess = limitProblem(events[i], port.limits);
    const mapped: DcsaMapping = excess
      ? { ok: false, eventId: null, reason: `events[${i}]: ${excess}` }
      : mapDcsaEvent(events[i], i, publisher);
    if (!mapped.ok) {
      // Written without recursion: a poison event may be nested deeper than JSON.stringify can go.
      await port.deadLetters.add(jsonText(events[i], { sortKeys: false }), `invalid: DCSA event: ${mapped.reason}`);
      results.push({ eventID: mapped.eventId, status: 'rejected', reason: mapped.reason });
      continue;
    }
    if (!mapped.event) {
      results.push({ eventID: mapped.eventId, status: 'informational' });
      continue;
    }
    // The references name the shipment as the carrier knows it; the event names it by Lading's id.
    const resolved = await port.resolve(mapped.references);
    if (!resolved.ok) {
      const reason = `events[${i}].relatedDocumentReferences: ${resolved.reason}`;
      await port.deadLetters.add(jsonText(events[i], { sortKeys: false }), `${UNKNOWN_REFERENCE}: DCSA event: ${reason}`);
      results.push({ eventID: mapped.eventId, status: 'rejected', reason: `${UNKNOWN_REFERENCE}: ${reason}` });
      continue;
    }
    const [result] = await port.ingest([{ ...mapped.event, subject: resolved.shipmentId }]);
    const { status, reason, type } = outcomeOf(result, mapped.event.type);
    results.push({ eventID: mapped.eventId, status, type, ...(reason ? { reason } : {}) });
  }
  return results;
}
