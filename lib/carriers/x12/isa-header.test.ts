import { parseIsa } from './isa-header';

/** A 106-character ISA with the given sender id (padded to 15) and separators. */
function isa(sender: string, { element = '*', component = '>', terminator = '~', ack = '0', date = '261102', time = '0900' } = {}): string {
  const fields = ['ISA', '00', ' '.repeat(10), '00', ' '.repeat(10), '02', sender.padEnd(15), 'ZZ', 'LADING'.padEnd(15)];
  return [...fields, date, time, 'U', '00401', '000000042', ack, 'P', component].join(element) + terminator;
}

describe('ISA header', () => {
  it('reads the separators, both parties, version and control number', () => {
    expect(parseIsa(isa('RTCARRIER', { element: '|', ack: '1' }))).toEqual({
      ok: true,
      header: {
        elementSeparator: '|',
        componentSeparator: '>',
        segmentTerminator: '~',
        senderQualifier: '02',
        senderId: 'RTCARRIER',
        receiverQualifier: 'ZZ',
        receiverId: 'LADING',
        date: '261102',
        time: '0900',
        repetition: 'U',
        version: '00401',
        controlNumber: '000000042',
        acknowledgementRequested: true,
        usage: 'P',
      },
    });
  });

  it('accepts a newline as the segment terminator', () => {
    expect(parseIsa(isa('RTCARRIER', { terminator: '\n' }))).toMatchObject({ ok: true });
  });

  it.each([
    ['a NUL in the sender id', isa('RT\u0000CARRIER'), /^ISA06 \(interchange sender id\) holds the control character U\+0000/],
    ['a bell in the sender id', isa('RT\u0007CARRIER'), /^ISA06 .*U\+0007/],
    ['a blank sender id', isa(''), /^ISA06 \(interchange sender id\) is blank/],
    ['a letter as element separator', isa('RT', { element: 'E' }), /element separator.*"E"/],
    ['a NUL as segment terminator', isa('RT', { terminator: '\u0000' }), /segment terminator.*NUL/],
    ['a space as component separator', isa('RT', { component: ' ' }), /component separator ISA16/],
    ['the same separator twice', isa('RT', { component: '~' }), /three different characters/],
    ['ISA14 other than 0 or 1', isa('RT', { ack: '2' }), /^ISA14/],
    ['a date not on the calendar', isa('RT', { date: '260230' }), /^ISA09 \(interchange date\) must be a YYMMDD date, got "260230"/],
    ['a time past midnight', isa('RT', { time: '2460' }), /^ISA10 \(interchange time\)/],
  ])('refuses %s, naming it', (_what, text, reason) => {
    expect(parseIsa(text)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('refuses an element of the wrong width, naming it, even when the ISA keeps its 106 characters', () => {
    const shifted = isa('RTCARRIER').replace('RTCARRIER      *ZZ*LADING         ', 'RTCARRIER       *ZZ*LADING        ');
    expect(shifted).toHaveLength(106);
    expect(parseIsa(shifted)).toEqual({ ok: false, reason: 'ISA06 (interchange sender id) must be 15 characters, got 16' });
  });
});
