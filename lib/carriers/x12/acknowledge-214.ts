import type { CarrierIngestPort, EventOutcome } from '../carrier-ingest';
import { outcomeOf } from '../carrier-ingest';
import type { Interchange, SetError } from './interchange';
import { parseInterchange } from './interchange';
import { map214 } from './map-214';

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
      const mapped = map214(set, group, source);
      if (!mapped.ok) {
        const { segment, position, element, reason } = mapped.error;
        const where =
          element === undefined
            ? `${segment} (segment ${position})`
            : `${segment}-${String(element).padStart(2, '0')} (segment ${position})`;
        await port.deadLetters.add(set.raw, `invalid: X12 214 set ${set.controlNumber}: ${where}: ${reason}`);
        sets.push({ controlNumber: set.controlNumber, status: 'R', error: mapped.error, events: [] });
        continue;
      }
      const results = await port.ingest(mapped.events);
      sets.push({ controlNumber: set.controlNumber, status: 'A', events: results.map((r, i) => outcomeOf(r, mapped.events[i].type)) });
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
