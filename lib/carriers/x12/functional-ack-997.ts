import type { Acknowledgement214, SetAck } from './acknowledge-214';
import type { FunctionalGroup, Interchange, TransactionSet } from './interchange';
import { X12ElementError, X12SegmentError, X12SetError } from './x12-syntax-codes';

/**
 * The X12 997 answer to an interchange whose envelope was read: one 997 transaction set per
 * functional group received (AK1 naming it, an AK2/AK5 loop per transaction set with AK3/AK4 where a
 * rejected set's error is, AK9 counting), in one FA group, in an interchange from the receiver back
 * to the sender. It uses the sender's own separators, version and usage indicator. The answer's
 * ISA13 and GS06 repeat the acknowledged interchange's control number, so each answer is traceable
 * to what it answers without a counter to keep; a TA1 is included when ISA14 asked for one.
 */
export function functionalAck997(interchange: Interchange, ack: Acknowledgement214, at: Date): string {
  const { isa } = interchange;
  const segment = (...elements: string[]) => elements.join(isa.elementSeparator) + isa.segmentTerminator;
  const iso = at.toISOString();
  const date = iso.slice(0, 10).replace(/-/g, '');
  const time = iso.slice(11, 16).replace(':', '');
  const first = interchange.groups[0] as FunctionalGroup | undefined;
  const gs = (n: number) => (first?.gs?.[n] ?? '').trim();
  const out = [
    segment(
      'ISA',
      '00',
      ' '.repeat(10),
      '00',
      ' '.repeat(10),
      isa.receiverQualifier,
      isa.receiverId.padEnd(15),
      isa.senderQualifier,
      isa.senderId.padEnd(15),
      date.slice(2),
      time,
      isa.repetition,
      isa.version,
      isa.controlNumber,
      '0',
      isa.usage,
      isa.componentSeparator,
    ),
  ];
  // TA1: the interchange envelope was read and accepted (code 000: no error).
  if (isa.acknowledgementRequested) out.push(segment('TA1', isa.controlNumber, isa.date, isa.time, 'A', '000'));
  const groupControl = String(Number(isa.controlNumber));
  out.push(segment('GS', 'FA', gs(3) || isa.receiverId, gs(2) || isa.senderId, date, time, groupControl, 'X', gs(8) || '004010'));
  interchange.groups.forEach((group, g) => {
    const control = String(g + 1).padStart(4, '0');
    const body = [
      segment('AK1', group.functionalId, group.controlNumber),
      ...group.sets.flatMap((set, s) => setResponse(segment, set, ack.groups[g].transactionSets[s])),
      segment('AK9', ack.groups[g].status, String(group.sets.length), String(group.sets.length), String(ack.groups[g].accepted)),
    ];
    out.push(segment('ST', '997', control), ...body, segment('SE', String(body.length + 2), control));
  });
  out.push(segment('GE', String(interchange.groups.length), groupControl), segment('IEA', '1', isa.controlNumber));
  return out.join('');
}

type Segmenter = (...elements: string[]) => string;

/** AK2 … AK5 for one transaction set; a rejected set says where (AK3, AK4) unless the set as a whole is wrong. */
function setResponse(segment: Segmenter, set: TransactionSet, ack: SetAck): string[] {
  const head = segment('AK2', set.code, set.controlNumber);
  if (ack.status === 'A' || !ack.error) return [head, segment('AK5', 'A')];
  const { error } = ack;
  const whole = setLevelError(error.segment, error.element);
  if (whole) return [head, segment('AK5', 'R', whole)];
  const notes =
    error.element === undefined
      ? [segment('AK3', error.segment, String(error.position), '', error.code ?? X12SegmentError.SegmentHasElementErrors)]
      : [
          segment('AK3', error.segment, String(error.position), '', X12SegmentError.SegmentHasElementErrors),
          segment('AK4', String(error.element), '', error.code ?? X12ElementError.InvalidCodeValue, ...(error.value ? [error.value] : [])),
        ];
  return [head, ...notes, segment('AK5', 'R', X12SetError.SegmentsInError)];
}

/** Errors of the set's own envelope (ST01, SE01, SE02) are AK5-02 codes, not segment notes. */
function setLevelError(segment: string, element: number | undefined): X12SetError | undefined {
  if (segment === 'ST' && element === 1) return X12SetError.NotSupported;
  if (segment === 'SE' && element === 1) return X12SetError.SegmentCountMismatch;
  if (segment === 'SE' && element === 2) return X12SetError.ControlNumberMismatch;
  return undefined;
}
