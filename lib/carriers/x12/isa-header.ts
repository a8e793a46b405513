import { isCalendarDate } from '../../events/rfc3339';

/**
 * The interchange control header (ISA): fixed-length, so its own characters say which separators
 * the interchange uses. Everything a 997 answer repeats or swaps is read here, once.
 */
export interface IsaHeader {
  elementSeparator: string;
  /** ISA16. */
  componentSeparator: string;
  segmentTerminator: string;
  /** ISA05/ISA06, ISA06 trimmed: who sent the interchange (the carrier). */
  senderQualifier: string;
  senderId: string;
  /** ISA07/ISA08, ISA08 trimmed. */
  receiverQualifier: string;
  receiverId: string;
  /** ISA09 (YYMMDD) and ISA10 (HHMM): when the sender built the interchange. */
  date: string;
  time: string;
  /** ISA11: the repetition separator from 00402 on, `U` before. */
  repetition: string;
  /** ISA12. */
  version: string;
  /** ISA13. */
  controlNumber: string;
  /** ISA14: whether the sender asked for an interchange acknowledgement. */
  acknowledgementRequested: boolean;
  /** ISA15: `P` production, `T` test, `I` information. */
  usage: string;
}

export type IsaParse = { ok: true; header: IsaHeader } | { ok: false; reason: string };

/** ISA is 106 characters: the element separator at 3, the component separator at 104, the segment terminator at 105. */
export const ISA_LENGTH = 106;

/** The fixed width of ISA01 … ISA16. */
const WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];
const NAMES: Readonly<Record<number, string>> = {
  5: 'interchange sender id qualifier',
  6: 'interchange sender id',
  7: 'interchange receiver id qualifier',
  8: 'interchange receiver id',
  13: 'interchange control number',
};

/** The first control character (C0 or DEL) of a value: never part of X12 data, and a forged id's favourite. */
export function firstControlCharacter(value: string): string | undefined {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return char;
  }
  return undefined;
}

const describe = (char: string) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
const name = (n: number) => `ISA${String(n).padStart(2, '0')}${NAMES[n] ? ` (${NAMES[n]})` : ''}`;

/** A separator may be neither a letter, a digit, a space nor NUL: each of those can occur inside data. */
function separatorProblem(what: string, at: number, char: string): string | undefined {
  if (/[A-Za-z0-9 ]/.test(char) || char.charCodeAt(0) === 0)
    return `ISA: the ${what} (character ${at + 1}) is ${char === '\u0000' ? 'NUL' : `"${char}"`}; it must be a character that cannot occur in data (not a letter, digit, space or NUL)`;
  return undefined;
}

/** Reads and checks the ISA at the start of `body` (BOM and leading white space already removed). */
export function parseIsa(body: string): IsaParse {
  if (!body.startsWith('ISA') || body.length < ISA_LENGTH)
    return { ok: false, reason: 'ISA: an interchange must begin with a 106-character ISA segment' };
  const elementSeparator = body[3];
  const componentSeparator = body[104];
  const segmentTerminator = body[105];
  const problem =
    separatorProblem('element separator', 3, elementSeparator) ??
    separatorProblem('component separator ISA16', 104, componentSeparator) ??
    separatorProblem('segment terminator', 105, segmentTerminator);
  if (problem) return { ok: false, reason: problem };
  if (new Set([elementSeparator, componentSeparator, segmentTerminator]).size !== 3)
    return {
      ok: false,
      reason: 'ISA: the element separator, component separator (ISA16) and segment terminator must be three different characters',
    };
  const elements = body.slice(0, 105).split(elementSeparator);
  if (elements.length !== 17) return { ok: false, reason: `ISA: expected 16 elements of fixed width, got ${elements.length - 1}` };
  for (let n = 1; n <= 16; n++) {
    const value = elements[n];
    if (value.length !== WIDTHS[n - 1]) return { ok: false, reason: `${name(n)} must be ${WIDTHS[n - 1]} characters, got ${value.length}` };
    const control = firstControlCharacter(value);
    if (control)
      return { ok: false, reason: `${name(n)} holds the control character ${describe(control)}; ISA elements are printable characters` };
  }
  const senderId = elements[6].trim();
  if (senderId === '') return { ok: false, reason: `${name(6)} is blank` };
  if (!/^\d{9}$/.test(elements[13])) return { ok: false, reason: `${name(13)} must be 9 digits, got "${elements[13]}"` };
  const [, yy, mm, dd] = /^(\d{2})(\d{2})(\d{2})$/.exec(elements[9]) ?? [];
  if (!yy || !isCalendarDate(`20${yy}-${mm}-${dd}`))
    return { ok: false, reason: `ISA09 (interchange date) must be a YYMMDD date, got "${elements[9]}"` };
  if (!/^([01]\d|2[0-3])[0-5]\d$/.test(elements[10]))
    return { ok: false, reason: `ISA10 (interchange time) must be an HHMM time, got "${elements[10]}"` };
  if (!/^[01]$/.test(elements[14])) return { ok: false, reason: `ISA14 (acknowledgement requested) must be 0 or 1, got "${elements[14]}"` };
  return {
    ok: true,
    header: {
      elementSeparator,
      componentSeparator,
      segmentTerminator,
      senderQualifier: elements[5],
      senderId,
      receiverQualifier: elements[7],
      receiverId: elements[8].trim(),
      date: elements[9],
      time: elements[10],
      repetition: elements[11],
      version: elements[12],
      controlNumber: elements[13],
      acknowledgementRequested: elements[14] === '1',
      usage: elements[15],
    },
  };
}
