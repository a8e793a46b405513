import { EventType } from '../../events/types';
import { validateEvent } from '../../events/validate';
import { parseInterchange } from './interchange';
import { map214 } from './map-214';
import { X12_214_STATUS } from './x12-214-mapping';

function interchange(sets: string[]): string {
  const isa =
    [
      'ISA',
      '00',
      ' '.repeat(10),
      '00',
      ' '.repeat(10),
      '02',
      'CARRIER'.padEnd(15),
      'ZZ',
      'LADING'.padEnd(15),
      '261102',
      '0900',
      'U',
      '00401',
      '000000001',
      '0',
      'P',
      '>',
    ].join('*') + '~';
  return `${isa}GS*QM*CARRIER*LADING*20261102*0900*1*X*004010~${sets.join('')}GE*${sets.length}*1~IEA*1*000000001~`;
}

function set(control: string, body: string[]): string {
  return [`ST*214*${control}`, ...body, `SE*${body.length + 2}*${control}`].map((s) => `${s}~`).join('');
}

function mapOne(body: string[]) {
  const parsed = parseInterchange(interchange([set('0001', body)]));
  if (!parsed.ok) throw new Error(parsed.reason);
  const group = parsed.interchange.groups[0];
  return map214(group.sets[0], group, 'urn:x12:carrier');
}

describe('X12 214 mapping table', () => {
  it.each(Object.entries(X12_214_STATUS))('%s maps to %s, and the event is valid canonically', (code, rule) => {
    const mapped = mapOne(['B10*PRO1*SHP-1*SCAC', 'LX*1', `AT7*${code}*NS***20261102*0830*UT`]);
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.events.map((e) => e.type)).toEqual(rule.type ? [rule.type] : []);
    for (const event of mapped.events) expect(validateEvent(event)).toMatchObject({ ok: true });
  });

  it('takes the status time for when an estimate was made if GS04 is not a calendar date', () => {
    const text = interchange([set('0001', ['B10*PRO1*SHP-1*SCAC', 'LX*1', 'AT7*AG*NS***20261105*1600*UT'])]).replace(
      '*20261102*0900*1*',
      '*20260230*0900*1*',
    );
    const parsed = parseInterchange(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    const group = parsed.interchange.groups[0];
    expect(map214(group.sets[0], group, 'urn:x12:c')).toMatchObject({
      ok: true,
      events: [{ type: EventType.EtaUpdated, time: '2026-11-05T16:00:00Z', data: { eta: '2026-11-05T16:00:00Z' } }],
    });
  });

  it('reads the time zone from AT7-07 and the reason from AT7-02', () => {
    const mapped = mapOne(['B10*PRO1*SHP-1*SCAC', 'LX*1', 'AT7*AH*B1***20261102*0830*ET']);
    expect(mapped).toMatchObject({
      ok: true,
      events: [{ type: EventType.DeliveryAttempted, time: '2026-11-02T08:30:00-05:00', data: { reasonCode: 'BUSINESS_CLOSED' } }],
    });
  });

  it('accepts an appointment-only AT7 (R0103: AT7-03/04 without AT7-01/02) beside a status, applying only the status', () => {
    const mapped = mapOne(['B10*PRO1*SHP-1*SCAC', 'LX*1', 'AT7*X6*NS***20261102*0830*UT', 'LX*2', 'AT7***AB*NS*20261104*1400*UT']);
    expect(mapped).toMatchObject({ ok: true, events: [{ type: EventType.InTransit, time: '2026-11-02T08:30:00Z' }] });
    if (mapped.ok) expect(mapped.events).toHaveLength(1);
  });

  it.each([
    [['B10*PRO1*SHP-1*SCAC', 'LX*1', 'AT7*****20261102*0830'], { segment: 'AT7', position: 4, element: 1 }],
    [['B10*PRO1*SHP-1*SCAC', 'LX*1', 'AT7***AB**20261102*0830'], { segment: 'AT7', position: 4, element: 4 }],
    [['B10*PRO1*SHP-1*SCAC', 'LX*1', 'AT7***AB*NS*20261132*0830'], { segment: 'AT7', position: 4, element: 5 }],
    [['B10*PRO1*SHP-1*SCAC', 'LX*1', 'AT7*ZZ*NS***20261102*0830'], { segment: 'AT7', position: 4, element: 1 }],
    [['B10*PRO1*SHP-1*SCAC', 'LX*1', 'AT7*D1*NS***20261131*0830'], { segment: 'AT7', position: 4, element: 5, code: '8' }],
    [['B10*PRO1*SHP-1*SCAC', 'LX*1', 'AT7*AF*NS***20261102*2575'], { segment: 'AT7', position: 4, element: 6 }],
    [['B10*PRO1*SHP-1*SCAC', 'LX*1', 'AT7*AF*NS***20261102*0830*XX'], { segment: 'AT7', position: 4, element: 7 }],
    [['B10*PRO1**SCAC', 'LX*1', 'AT7*AF*NS***20261102*0830'], { segment: 'B10', position: 2, element: 2 }],
    [['B10*PRO1*SHP-1*SCAC', 'LX*1'], { segment: 'SE', position: 4 }],
    [['LX*1', 'AT7*AF*NS***20261102*0830'], { segment: 'AT7', position: 3 }],
  ])('rejects %j at %j', (body, where) => {
    expect(mapOne(body)).toMatchObject({ ok: false, error: where });
  });

  it('rejects an SE count that does not match the set', () => {
    const text = interchange(['ST*214*0001~B10*PRO1*SHP-1*SCAC~SE*9*0001~']);
    const parsed = parseInterchange(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    const group = parsed.interchange.groups[0];
    expect(map214(group.sets[0], group, 'urn:x12:c')).toMatchObject({ ok: false, error: { segment: 'SE', element: 1 } });
  });

  it.each([
    ['not an interchange', /ISA/],
    [interchange([]).replace('IEA*1*000000001~', ''), /IEA/],
    [interchange([]).replace('GE*0*1~', ''), /GE missing/],
  ])('refuses an unreadable envelope', (text, reason) => {
    expect(parseInterchange(text)).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });
});
