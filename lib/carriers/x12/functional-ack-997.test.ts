import { DeadLetterStore } from '../../events/dead-letters';
import { EVENT_LIMITS } from '../../events/event-limits';
import { optionsFrom } from '../../settings';
import { MemoryDocumentStore } from '../../store/memory-document-store';
import type { CarrierIngestPort } from '../carrier-ingest';
import { acknowledge214 } from './acknowledge-214';
import { functionalAck997 } from './functional-ack-997';

/** A port that knows every shipment by its B10-02 and accepts every event, as the pipeline would for known shipments. */
const acceptAll: CarrierIngestPort = {
  ingest: (events) => Promise.resolve(events.map((e) => ({ id: (e as { id: string }).id, status: 'accepted' as const }))),
  resolve: (references) => Promise.resolve({ ok: true, shipmentId: references[0] }),
  deadLetters: new DeadLetterStore(new MemoryDocumentStore()),
  limits: optionsFrom(EVENT_LIMITS),
};

function isa(control: string, ack: '0' | '1'): string {
  const fields = ['ISA', '00', ' '.repeat(10), '00', ' '.repeat(10), '02', 'RTCARRIER'.padEnd(15), 'ZZ', 'LADING'.padEnd(15)];
  return [...fields, '261102', '0900', 'U', '00401', control, ack, 'T', '>'].join('*') + '~';
}

/** Group 77 holds a good set, a set with a bad date, one with an unknown segment and one whose SE count is wrong. */
const interchange = (ack: '0' | '1') =>
  [
    isa('000004242', ack),
    'GS*QM*RTCARRIER*LADING*20261104*0700*77*X*004010~',
    'ST*214*0001~B10*PRO1*SHP-1*RTCA~LX*1~AT7*X6*NS***20261104*0645*UT~SE*5*0001~',
    'ST*214*0002~B10*PRO2*SHP-2*RTCA~LX*1~AT7*D1*NS***20261131*0700*UT~SE*5*0002~',
    'ST*214*0003~B10*PRO3*SHP-3*RTCA~ZZZ*1~LX*1~AT7*D1*NS***20261104*0700*UT~SE*6*0003~',
    'ST*214*0004~B10*PRO4*SHP-4*RTCA~LX*1~AT7*D1*NS***20261104*0700*UT~SE*9*0004~',
    'GE*4*77~IEA*1*000004242~',
  ].join('\n');

async function answer(text: string, port: CarrierIngestPort = acceptAll): Promise<string> {
  const outcome = await acknowledge214(text, port);
  if (!outcome.ok) throw new Error(outcome.reason);
  return functionalAck997(outcome.interchange, outcome.ack, new Date('2026-11-04T07:05:00Z'));
}

describe('X12 997 functional acknowledgement', () => {
  it('answers from receiver to sender, echoing the group and set control numbers, naming accepted and rejected sets', async () => {
    expect((await answer(interchange('0'))).split('~')).toEqual([
      'ISA*00*          *00*          *ZZ*LADING         *02*RTCARRIER      *261104*0705*U*00401*000004242*0*T*>',
      'GS*FA*LADING*RTCARRIER*20261104*0705*4242*X*004010',
      'ST*997*0001',
      'AK1*QM*77',
      'AK2*214*0001',
      'AK5*A',
      'AK2*214*0002',
      'AK3*AT7*4**8',
      'AK4*5**8',
      'AK5*R*5',
      'AK2*214*0003',
      'AK3*ZZZ*3**2',
      'AK5*R*5',
      'AK2*214*0004',
      'AK5*R*4',
      'AK9*P*4*4*1',
      'SE*15*0001',
      'GE*1*4242',
      'IEA*1*000004242',
      '',
    ]);
  });

  it('keeps the ISA at its fixed 106 characters and adds a TA1 when ISA14 asks for one', async () => {
    const segments = (await answer(interchange('1'))).split('~');
    expect(segments[0]).toHaveLength(105);
    expect(segments[1]).toBe('TA1*000004242*261102*0900*A*000');
  });

  it('answers in the separators the sender used', async () => {
    const piped = interchange('0').replace(/\*/g, '|').replace(/~/g, '\n');
    const text = await answer(piped);
    expect(text.startsWith('ISA|00|')).toBe(true);
    expect(text.split('\n')).toContain('AK9|P|4|4|1');
  });

  it('rejects a set whose references name no known shipment at B10-02, the value sent as the note (AK4-04)', async () => {
    const knowsNone: CarrierIngestPort = {
      ...acceptAll,
      resolve: (references) => Promise.resolve({ ok: false, reason: `no shipment is known by ${references.join(', ')}` }),
    };
    const segments = (await answer(interchange('0'), knowsNone)).split('~');
    expect(segments.slice(segments.indexOf('AK2*214*0001'), segments.indexOf('AK2*214*0002'))).toEqual([
      'AK2*214*0001',
      'AK3*B10*2**8',
      'AK4*2**7*SHP-1',
      'AK5*R*5',
    ]);
    expect(segments).toContain('AK9*R*4*4*0');
  });
});
