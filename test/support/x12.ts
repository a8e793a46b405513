/** An ISA segment of exactly 106 characters, as X12 requires, for hand-written test interchanges. */
export function isa(
  sender: string,
  control: string,
  separators: { element: string; segment: string } = { element: '*', segment: '~' },
): string {
  const e = separators.element;
  const fields = [
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    '02',
    sender.padEnd(15),
    'ZZ',
    'LADING'.padEnd(15),
    '261102',
    '0900',
    'U',
    '00401',
    control.padStart(9, '0'),
    '0',
    'P',
    '>',
  ];
  const text = fields.join(e) + separators.segment;
  if (text.length !== 106) throw new Error(`ISA is ${text.length} characters`);
  return text;
}
