import { CARRIER_NOT_ASSIGNED } from '../../events/carrier-binding';
import type { CarrierIngestPort, EventOutcome } from '../carrier-ingest';
import { UNKNOWN_REFERENCE, outcomeOf } from '../carrier-ingest';
import type { FunctionalGroup, Interchange, Segment, SetError, TransactionSet } from './interchange';
import { parseInterchange } from './interchange';
import { map214 } from './map-214';
import { X12ElementError } from './x12-syntax-codes';

/** The JSON equivalent of a 997: per group and per transaction set, accepted (A), partly (P) or rejected (R). */
export interface Acknowledgement214 {
  interchange: { senderId: string; controlNumber: string };
  source: string;
  groups: GroupAck[];
}

export interface GroupAck {
  functionalId: string;
  controlNumber: string;
  status: 'A' | 'P' | 'R';
  received: number;
  accepted: number;
  transactionSets: SetAck[];
}

export interface SetAck {
  controlNumber: string;
  status: 'A' | 'R';
  error?: SetError;
  events: EventOutcome[];
}

/** `interchange`: the envelope as read, for answering in X12 (`functional-ack-997.ts`). */
export type X12Outcome = { ok: true; ack: Acknowledgement214; interchange: Interchange } | { ok: false; reason: string };

/**
 * Transaction sets mapped and ingested between two turns of the event loop. Ingesting into memory
 * never waits on I/O, so without a turn a 40,000-set interchange would hold the process (and every
 * other tenant's request) until its last set; a turn every few dozen sets costs nothing measurable.
 */
export const SETS_PER_TURN = 50;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Source URN of a carrier's events: its ISA06 interchange sender id (docs/carriers.md). */
export function x12Source(senderId: string): string {
  return `urn:x12:${encodeURIComponent(senderId.toLowerCase())}`;
}

/**
 * Maps every 214 of an interchange and hands the events of the sets that map to the one ingest
 * path (dedup, hold, dead letters). A rejected set is dead-lettered with its raw text; an
 * interchange whose envelope cannot be read is dead-lettered whole.
 */
export async function acknowledge214(text: string, port: CarrierIngestPort): Promise<X12Outcome> {
  const parsed = parseInterchange(text);
  if (!parsed.ok) {
    await port.deadLetters.add(text, `invalid: X12 interchange: ${parsed.reason}`);
    return { ok: false, reason: parsed.reason };
  }
  const { interchange } = parsed;
  const source = x12Source(interchange.senderId);
  const groups: GroupAck[] = [];
  let handled = 0;
  for (const group of interchange.groups) {
    const sets: SetAck[] = [];
    for (const set of group.sets) {
      if (++handled % SETS_PER_TURN === 0) await nextTurn();
      sets.push(await acknowledgeSet(set, group, source, port));
    }
    const accepted = sets.filter((s) => s.status === 'A').length;
    const status = accepted === sets.length ? 'A' : accepted === 0 ? 'R' : 'P';
    groups.push({
      functionalId: group.functionalId,
      controlNumber: group.controlNumber,
      status,
      received: sets.length,
      accepted,
      transactionSets: sets,
    });
  }
  return {
    ok: true,
    ack: { interchange: { senderId: interchange.senderId, controlNumber: interchange.controlNumber }, source, groups },
    interchange,
  };
}

/** The rejection of a set at B10-02 (the shipment it reports on), with the value sent as the 997's note (AK4-04). */
function atShipment(b10: Segment, reason: string): SetError {
  const value = (b10.elements[2] ?? '').trim().slice(0, 99);
  return { segment: 'B10', position: b10.position, element: 2, reason, code: X12ElementError.InvalidCodeValue, value };
}

function where(error: SetError): string {
  const { segment, position, element } = error;
  return element === undefined
    ? `${segment} (segment ${position})`
    : `${segment}-${String(element).padStart(2, '0')} (segment ${position})`;
}

/**
 * One set: mapped, its references resolved to the shipment, its events ingested. A set is rejected
 * whole when it cannot be read, when its references name no shipment (dead-lettered as
 * `unknown_reference`), or when every event is refused because the shipment is not the caller's
 * carriers' (each event dead-lettered as `carrier_not_assigned` by ingest).
 */
async function acknowledgeSet(set: TransactionSet, group: FunctionalGroup, source: string, port: CarrierIngestPort): Promise<SetAck> {
  const controlNumber = set.controlNumber;
  const rejected = async (error: SetError, word: string): Promise<SetAck> => {
    await port.deadLetters.add(set.raw, `${word}: X12 214 set ${controlNumber}: ${where(error)}: ${error.reason}`);
    return { controlNumber, status: 'R', error, events: [] };
  };
  let mapped = map214(set, group, source);
  if (!mapped.ok) return rejected(mapped.error, 'invalid');
  const resolved = await port.resolve(mapped.references);
  if (!resolved.ok) return rejected(atShipment(mapped.b10, resolved.reason), UNKNOWN_REFERENCE);
  if (resolved.shipmentId !== mapped.references[0]) {
    mapped = map214(set, group, source, resolved.shipmentId);
    // The same set mapped a moment ago; only the shipment id differs.
    if (!mapped.ok) return rejected(mapped.error, 'invalid');
  }
  const { events, b10 } = mapped;
  const results = await port.ingest(events);
  const outcomes = results.map((r, i) => outcomeOf(r, events[i].type));
  const refused = outcomes.length > 0 && outcomes.every((o) => o.status === 'rejected' && o.reason?.startsWith(`${CARRIER_NOT_ASSIGNED}:`));
  if (refused) return { controlNumber, status: 'R', error: atShipment(b10, outcomes[0].reason!), events: outcomes };
  return { controlNumber, status: 'A', events: outcomes };
}
