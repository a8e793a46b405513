import { DeadLetterStore } from '../../events/dead-letters';
import { EVENT_LIMITS } from '../../events/event-limits';
import { optionsFrom } from '../../settings';
import { MemoryDocumentStore } from '../../store/memory-document-store';
import type { CarrierIngestPort } from '../carrier-ingest';
import { SETS_PER_TURN, acknowledge214 } from './acknowledge-214';

function largeInterchange(sets: number): string {
  const isa =
    ['ISA', '00', ' '.repeat(10), '00', ' '.repeat(10), '02', 'BIGCARRIER'.padEnd(15), 'ZZ', 'LADING'.padEnd(15)]
      .concat(['261102', '0900', 'U', '00401', '000000001', '0', 'P', '>'])
      .join('*') + '~';
  const body = Array.from({ length: sets }, (_, i) => {
    const control = String(i + 1).padStart(4, '0');
    return `ST*214*${control}~B10*PRO${i}*SHP-${i}*BIGC~LX*1~AT7*X6*NS***20261102*0830*UT~SE*5*${control}~`;
  });
  return `${isa}GS*QM*BIGCARRIER*LADING*20261102*0900*1*X*004010~${body.join('')}GE*${sets}*1~IEA*1*000000001~`;
}

describe('a large interchange', () => {
  it('yields to the event loop between chunks of sets, so other requests are served meanwhile', async () => {
    let ingested = 0;
    // Ingesting into memory never waits on I/O: without turns, nothing else would run until the last set.
    const port: CarrierIngestPort = {
      ingest: (events) => {
        ingested++;
        return Promise.resolve(events.map((e) => ({ id: (e as { id: string }).id, status: 'accepted' as const })));
      },
      resolve: (references) => Promise.resolve({ ok: true, shipmentId: references[0] }),
      deadLetters: new DeadLetterStore(new MemoryDocumentStore()),
      limits: optionsFrom(EVENT_LIMITS),
    };
    let seenByOtherWork: number | undefined;
    setImmediate(() => (seenByOtherWork = ingested));
    const outcome = await acknowledge214(largeInterchange(SETS_PER_TURN * 4), port);
    expect(outcome).toMatchObject({ ok: true, ack: { groups: [{ status: 'A', received: SETS_PER_TURN * 4 }] } });
    expect(ingested).toBe(SETS_PER_TURN * 4);
    expect(seenByOtherWork).toBeLessThan(SETS_PER_TURN);
  });
});
