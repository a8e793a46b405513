import { isRfc3339 } from '../../events/rfc3339';
import type { CanonicalEvent, ReasonCode } from '../../events/types';
import { EventType } from '../../events/types';
import type { FunctionalGroup, Segment, SetError, TransactionSet } from './interchange';
import type { X12SyntaxCode } from './x12-syntax-codes';
import { X12ElementError, X12SegmentError } from './x12-syntax-codes';
import { X12_214_REASON, X12_214_STATUS, X12_SHIPMENT_REFERENCE_QUALIFIERS, X12_TIME_CODES } from './x12-214-mapping';

/** Segments a 214 may carry (004010–005010); anything else rejects its transaction set. */
const KNOWN_SEGMENTS = new Set([
  'ST',
  'SE',
  'B10',
  'L11',
  'MAN',
  'K1',
  'N1',
  'N2',
  'N3',
  'N4',
  'G62',
  'MS3',
  'LX',
  'AT7',
  'MS1',
  'MS2',
  'AT8',
  'AT5',
  'Q7',
  'NTE',
  'CD3',
  'SPO',
  'SDQ',
  'LAD',
  'G61',
]);

/**
 * `references`: what names the shipment, preferred first (B10-02, B10-01, then L11-01 of the
 * qualifiers in X12_SHIPMENT_REFERENCE_QUALIFIERS); `b10`: where B10 is, for an error about them.
 */
export type SetMapping = { ok: true; events: CanonicalEvent[]; references: string[]; b10: Segment } | { ok: false; error: SetError };

class SetRejected extends Error {
  constructor(readonly error: SetError) {
    super(error.reason);
  }
}

/** `code`: what a 997 reports, AK4-03 for an element (default 7, invalid code value), else AK3-04. */
function reject(segment: Segment, element: number | undefined, reason: string, code?: X12SyntaxCode): never {
  throw new SetRejected({ segment: segment.id, position: segment.position, element, reason, ...(code ? { code } : {}) });
}

const el = (segment: Segment, n: number) => (segment.elements[n] ?? '').trim();

/** AT7-05/06/07 (or GS04/05) as RFC 3339; the element numbers name what is wrong. */
function timestamp(segment: Segment, dateAt: number, timeAt: number, zone: string): string {
  const date = el(segment, dateAt);
  const time = el(segment, timeAt);
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  // A calendar date: 20261131 is refused, not shifted into December.
  if (!d || !isRfc3339(`${d[1]}-${d[2]}-${d[3]}T00:00:00Z`))
    reject(segment, dateAt, `date "${date}" is not CCYYMMDD`, X12ElementError.InvalidDate);
  const t = /^(\d{2})(\d{2})(\d{2})?\d*$/.exec(time);
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59 || Number(t[3] ?? 0) > 59)
    reject(segment, timeAt, `time "${time}" is not HHMM or HHMMSS`, X12ElementError.InvalidTime);
  return `${d[1]}-${d[2]}-${d[3]}T${t[1]}:${t[2]}:${t[3] ?? '00'}${zone}`;
}

function zoneOf(at7: Segment): string {
  const code = el(at7, 7);
  if (code === '') return 'Z';
  const zone = X12_TIME_CODES[code];
  if (!zone) reject(at7, 7, `time code "${code}" is not one Lading maps (${Object.keys(X12_TIME_CODES).join(', ')})`);
  return zone;
}

function location(ms1: Segment | undefined): string | undefined {
  if (!ms1) return undefined;
  const parts = [el(ms1, 1), el(ms1, 2), el(ms1, 3)].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

interface StatusLoop {
  at7: Segment;
  ms1?: Segment;
}

/**
 * One 214 transaction set → canonical events (table in x12-214-mapping.ts). The set is taken whole
 * or not at all, as a 997 accepts or rejects a set; the error names segment, position and element.
 * The events name the shipment `shipmentId` (what ingest resolved the references to), else B10-02.
 */
export function map214(set: TransactionSet, group: FunctionalGroup, source: string, shipmentId?: string): SetMapping {
  try {
    return { ok: true, ...mapOrThrow(set, group, source, shipmentId) };
  } catch (error) {
    if (error instanceof SetRejected) return { ok: false, error: error.error };
    throw error;
  }
}

function mapOrThrow(
  set: TransactionSet,
  group: FunctionalGroup,
  source: string,
  resolved: string | undefined,
): { events: CanonicalEvent[]; references: string[]; b10: Segment } {
  if (set.envelopeError) throw new SetRejected(set.envelopeError);
  const [st] = set.segments;
  if (set.code !== '214') reject(st, 1, `transaction set "${set.code}" is not a 214`);
  let b10: Segment | undefined;
  const loops: StatusLoop[] = [];
  const l11References: string[] = [];
  for (const segment of set.segments) {
    if (!KNOWN_SEGMENTS.has(segment.id))
      reject(segment, undefined, `segment ${segment.id || '(empty)'} is not part of a 214`, X12SegmentError.UnexpectedSegment);
    if (segment.id === 'B10') {
      if (b10) reject(segment, undefined, 'B10 appears twice', X12SegmentError.SegmentExceedsMaximumUse);
      b10 = segment;
    } else if (segment.id === 'AT7') {
      if (!b10) reject(segment, undefined, 'AT7 before B10', X12SegmentError.SegmentOutOfSequence);
      loops.push({ at7: segment });
    } else if (segment.id === 'MS1' && loops.length > 0 && !loops[loops.length - 1].ms1) {
      loops[loops.length - 1].ms1 = segment;
    } else if (segment.id === 'L11' && el(segment, 2) in X12_SHIPMENT_REFERENCE_QUALIFIERS && el(segment, 1)) {
      l11References.push(el(segment, 1));
    }
  }
  if (!b10) reject(set.segments[set.segments.length - 1], undefined, 'B10 is required', X12SegmentError.MandatorySegmentMissing);
  const sentId = el(b10, 2);
  if (!sentId) reject(b10, 2, 'B10-02 (shipment identification number) is required', X12ElementError.MandatoryElementMissing);
  const shipmentId = resolved ?? sentId;
  const references = [...new Set([sentId, el(b10, 1), ...l11References].filter(Boolean))];
  if (loops.length === 0)
    reject(
      set.segments[set.segments.length - 1],
      undefined,
      'AT7 is required: a 214 needs at least one shipment status',
      X12SegmentError.MandatorySegmentMissing,
    );
  const scac = el(b10, 3);
  const events = loops.flatMap((loop) => {
    const event = statusEvent(loop, shipmentId, scac, group, source);
    return event ? [event] : [];
  });
  return { events, references, b10 };
}

function statusEvent(loop: StatusLoop, shipmentId: string, scac: string, group: FunctionalGroup, source: string): CanonicalEvent | null {
  const { at7 } = loop;
  const status = el(at7, 1);
  if (!status) return appointmentOnly(at7);
  const rule = X12_214_STATUS[status];
  if (!rule) reject(at7, 1, `status code "${status}" is not in Lading's 214 mapping`);
  const reason = el(at7, 2);
  if (reason && !/^[A-Z0-9]{2}$/.test(reason)) reject(at7, 2, `reason code "${reason}" is not a 2-character code`);
  const at = timestamp(at7, 5, 6, zoneOf(at7));
  if (!rule.type) return null;
  const mappedReason: ReasonCode = rule.reasonCode ?? (reason ? (X12_214_REASON[reason] ?? 'OTHER') : 'OTHER');
  const carrierCodes = { x12StatusCode: status, ...(reason ? { x12ReasonCode: reason } : {}) };
  const where = location(loop.ms1);
  const base = { specversion: '1.0' as const, source, type: rule.type, subject: shipmentId, id: `214:${shipmentId}:${status}:${at}` };
  const data: Record<string, unknown> = { carrierCodes, ...(scac ? { scac } : {}) };
  let time = at;
  switch (rule.type) {
    case EventType.EtaUpdated: {
      // The estimate is the AT7 date; it was made when the carrier built the group (GS04/GS05).
      data.eta = at;
      time = groupTime(group, at7);
      base.id = `214:${shipmentId}:${status}:${time}:${at}`;
      break;
    }
    case EventType.DeliveryAttempted:
      data.reasonCode = mappedReason;
      break;
    case EventType.ExceptionRaised:
      data.exceptionId = `x12-${shipmentId}-${status}-${at}`;
      data.reasonCode = mappedReason;
      data.message = rule.meaning;
      break;
  }
  if (where && rule.type !== EventType.EtaUpdated && rule.type !== EventType.ExceptionRaised) data.location = where;
  return { ...base, time, data };
}

/**
 * An AT7 may report an appointment instead of a status (syntax rule R0103: AT7-01 or AT7-03). Lading
 * tracks milestones, not appointments: a well-formed one is acknowledged and applies nothing.
 */
function appointmentOnly(at7: Segment): null {
  const appointment = el(at7, 3);
  if (!appointment)
    reject(
      at7,
      1,
      'AT7-01 (shipment status code) or AT7-03 (appointment status code) is required (X12 rule R0103)',
      X12ElementError.ConditionalElementMissing,
    );
  if (!/^[A-Z0-9]{2}$/.test(appointment)) reject(at7, 3, `appointment status code "${appointment}" is not a 2-character code`);
  const reason = el(at7, 4);
  // P0304: an appointment status comes with its reason.
  if (!/^[A-Z0-9]{2}$/.test(reason))
    reject(
      at7,
      4,
      'AT7-04 (appointment reason code, 2 characters) is required with AT7-03 (X12 rule P0304)',
      X12ElementError.ConditionalElementMissing,
    );
  timestamp(at7, 5, 6, zoneOf(at7));
  return null;
}

function groupTime(group: FunctionalGroup, at7: Segment): string {
  const gs = group.gs;
  if (!gs) return timestamp(at7, 5, 6, zoneOf(at7));
  const date = (gs[4] ?? '').trim();
  const time = (gs[5] ?? '').trim();
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  const t = /^(\d{2})(\d{2})(\d{2})?/.exec(time);
  const built = d && t ? `${d[1]}-${d[2]}-${d[3]}T${t[1]}:${t[2]}:${t[3] ?? '00'}Z` : undefined;
  // A GS04/05 that is not a real date and time (20260230) says nothing: the status time stands in.
  return built && isRfc3339(built) ? built : timestamp(at7, 5, 6, zoneOf(at7));
}
