import type { IsaHeader } from './isa-header';
import type { X12SyntaxCode } from './x12-syntax-codes';
import { firstControlCharacter, parseIsa } from './isa-header';

/**
 * X12 envelope parsing: ISA/IEA around GS/GE functional groups around ST/SE transaction sets.
 * Only the structure is checked here; what a 214 means is `map-214.ts`'s job.
 */
export interface Segment {
  id: string;
  /** elements[1] is the segment's first element (X12 numbers them from 01). */
  elements: string[];
  /** 1-based position inside its transaction set (ST = 1), as a 997/999 reports it. */
  position: number;
}

export interface TransactionSet {
  /** ST02. */
  controlNumber: string;
  /** ST01, e.g. "214". */
  code: string;
  segments: Segment[];
  /** The set's text from ST to SE, for dead letters. */
  raw: string;
  /** A structural problem found while splitting (SE count or control number mismatch). */
  envelopeError?: SetError;
}

export interface FunctionalGroup {
  /** GS01, e.g. "QM" for 214. */
  functionalId: string;
  /** GS06. */
  controlNumber: string;
  /** The GS elements (GS04/GS05: when the group was built). */
  gs?: string[];
  sets: TransactionSet[];
}

export interface Interchange {
  /** ISA06, trimmed: who sent it (the carrier). */
  senderId: string;
  /** ISA13. */
  controlNumber: string;
  /** The whole ISA: separators, both parties, version, usage (what a 997 answer repeats or swaps). */
  isa: IsaHeader;
  groups: FunctionalGroup[];
}

/** Where a transaction set is wrong: segment id, its position and, when known, the element number. */
export interface SetError {
  segment: string;
  position: number;
  element?: number;
  reason: string;
  /** What a 997 reports: AK4-03 when `element` is set, else AK3-04 (`x12-syntax-codes.ts`). */
  code?: X12SyntaxCode;
  /** The element's value as sent, when it is not wrong in form but names nothing known (AK4-04, a copy of the bad data). */
  value?: string;
}

export type InterchangeParse = { ok: true; interchange: Interchange } | { ok: false; reason: string };

export function parseInterchange(text: string): InterchangeParse {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  const header = parseIsa(body);
  if (!header.ok) return header;
  const isa = header.header;
  const { elementSeparator, segmentTerminator: terminator } = isa;
  const texts = body
    .split(terminator)
    .map((s) => s.replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, ''))
    .filter((s) => s.length > 0);
  const rows = texts.map((s) => s.split(elementSeparator));
  const interchange: Interchange = { senderId: isa.senderId, controlNumber: isa.controlNumber, isa, groups: [] };
  let group: FunctionalGroup | undefined;
  let set: { segments: Segment[]; texts: string[]; controlNumber: string; code: string } | undefined;
  let sawIea = false;
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i];
    const id = row[0].trim();
    if (sawIea) return { ok: false, reason: `${id}: segment after IEA` };
    if (set) {
      set.texts.push(texts[i]);
      set.segments.push({ id, elements: row, position: set.segments.length + 1 });
      if (id !== 'SE') continue;
      const done: TransactionSet = {
        controlNumber: set.controlNumber,
        code: set.code,
        segments: set.segments,
        raw: set.texts.join(terminator) + terminator,
      };
      const declared = Number(row[1]);
      if (!Number.isInteger(declared) || declared !== set.segments.length) {
        done.envelopeError = {
          segment: 'SE',
          position: set.segments.length,
          element: 1,
          reason: `SE01 says ${row[1]} segments, the set has ${set.segments.length}`,
        };
      } else if ((row[2] ?? '').trim() !== set.controlNumber) {
        done.envelopeError = {
          segment: 'SE',
          position: set.segments.length,
          element: 2,
          reason: `SE02 "${row[2] ?? ''}" does not match ST02 "${set.controlNumber}"`,
        };
      }
      group!.sets.push(done);
      set = undefined;
      continue;
    }
    switch (id) {
      case 'GS':
        if (group) return { ok: false, reason: `GS: group ${row[6]} begins before group ${group.controlNumber} ended (GE missing)` };
        if (row.some((element) => firstControlCharacter(element) !== undefined))
          return { ok: false, reason: `GS: group ${row[6]} holds a control character; GS elements are printable characters` };
        group = { functionalId: (row[1] ?? '').trim(), controlNumber: (row[6] ?? '').trim(), gs: row, sets: [] };
        break;
      case 'ST':
        if (!group) return { ok: false, reason: 'ST: transaction set outside a functional group (GS missing)' };
        set = {
          segments: [{ id, elements: row, position: 1 }],
          texts: [texts[i]],
          controlNumber: (row[2] ?? '').trim(),
          code: (row[1] ?? '').trim(),
        };
        break;
      case 'GE':
        if (!group) return { ok: false, reason: 'GE: no functional group is open' };
        if (Number(row[1]) !== group.sets.length)
          return { ok: false, reason: `GE01 says ${row[1]} transaction sets, group ${group.controlNumber} has ${group.sets.length}` };
        if ((row[2] ?? '').trim() !== group.controlNumber)
          return { ok: false, reason: `GE02 "${row[2] ?? ''}" does not match GS06 "${group.controlNumber}"` };
        interchange.groups.push(group);
        group = undefined;
        break;
      case 'IEA':
        if (group) return { ok: false, reason: `IEA: group ${group.controlNumber} was not closed (GE missing)` };
        if (Number(row[1]) !== interchange.groups.length)
          return { ok: false, reason: `IEA01 says ${row[1]} groups, the interchange has ${interchange.groups.length}` };
        if ((row[2] ?? '').trim() !== interchange.controlNumber)
          return { ok: false, reason: `IEA02 "${row[2] ?? ''}" does not match ISA13 "${interchange.controlNumber}"` };
        sawIea = true;
        break;
      default:
        return { ok: false, reason: `${id}: segment outside a transaction set` };
    }
  }
  if (set) return { ok: false, reason: `ST: transaction set ${set.controlNumber} has no SE` };
  if (!sawIea) return { ok: false, reason: 'IEA: the interchange has no trailer' };
  return { ok: true, interchange };
}
