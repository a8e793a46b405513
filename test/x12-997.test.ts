import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { isa } from './support/x12';

/** A carrier asking for acknowledgements: a status with an appointment-only AT7 beside it, and a set with a bad date. */
const interchange = (sender: string, control: string) =>
  [
    isa(sender, control),
    'GS*QM*RTCARRIER*LADING*20261104*0700*31*X*004010~',
    'ST*214*0001~B10*PRO1*SHP-Y1*RTCA~LX*1~AT7*X6*NS***20261104*0645*UT~LX*2~AT7***AB*NS*20261106*1400*UT~SE*7*0001~',
    'ST*214*0002~B10*PRO2*SHP-Y2*RTCA~LX*1~AT7*D1*NS***20260230*0700*UT~SE*5*0002~',
    `GE*2*31~IEA*1*${control.padStart(9, '0')}~`,
  ].join('\n');

describe('POST /edi/x12-214 answers as carriers expect', () => {
  let t: TestStack;
  let integration: string;

  beforeAll(async () => {
    t = await startTestStack();
    integration = await t.token(Role.Integration);
    await t.ingest(['SHP-Y1', 'SHP-Y2'].flatMap((id, i) => orderWithShipments(`ORD-Y${i}`, 'CUST-Y', [id])));
  });

  afterAll(() => t.dispose());

  const base = () => t.gatewayUrl.replace('/graphql', '');
  async function post(path: string, body: string, headers: Record<string, string>) {
    const response = await fetch(`${base()}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${integration}`, ...headers },
      body,
    });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  }

  it('answers a 997 interchange to Accept: application/edi-x12, naming accepted and rejected sets', async () => {
    const { status, type, text } = await post('/edi/x12-214', interchange('RTCARRIER', '501'), {
      'content-type': 'application/edi-x12',
      accept: 'application/edi-x12',
    });
    expect(status).toBe(202);
    expect(type).toMatch(/^application\/edi-x12/);
    const segments = text.split('~');
    expect(segments[0]).toMatch(
      /^ISA\*00\*\s{10}\*00\*\s{10}\*ZZ\*LADING {9}\*02\*RTCARRIER {6}\*\d{6}\*\d{4}\*U\*00401\*000000501\*0\*P\*>$/,
    );
    expect(segments).toEqual(
      expect.arrayContaining(['AK1*QM*31', 'AK2*214*0001', 'AK5*A', 'AK2*214*0002', 'AK3*AT7*4**8', 'AK4*5**8', 'AK5*R*5', 'AK9*P*2*2*1']),
    );
    expect(segments.indexOf('AK2*214*0001')).toBeLessThan(segments.indexOf('AK2*214*0002'));
    expect(segments.at(-2)).toBe('IEA*1*000000501');
    await t.runtime.pipeline.idle();
    const rep = await t.token(Role.ServiceRep);
    const { body } = await t.graphql('{ shipment(id: "SHP-Y1") { status timeline { type } } }', undefined, rep);
    expect(body.data.shipment.status).toBe('IN_TRANSIT');
    expect(body.data.shipment.timeline).toContainEqual({ type: EventType.InTransit });
  });

  it('answers JSON to any other Accept', async () => {
    const { status, type, text } = await post('/edi/x12-214', interchange('RTCARRIER', '502'), { 'content-type': 'application/edi-x12' });
    expect(status).toBe(202);
    expect(type).toMatch(/^application\/json/);
    expect(JSON.parse(text).groups[0]).toMatchObject({ controlNumber: '31', status: 'P', received: 2, accepted: 1 });
  });

  it('refuses a NUL in the sender id with 400 naming ISA06', async () => {
    const { status, text } = await post('/edi/x12-214', interchange('RT\u0000CARRIER', '503'), { 'content-type': 'application/edi-x12' });
    expect(status).toBe(400);
    expect(JSON.parse(text).errors[0].message).toMatch(/ISA06 \(interchange sender id\) holds the control character U\+0000/);
    const entries = await t.runtime.pipeline.log.read(undefined, 1000);
    expect(entries.filter((e) => e.event.source.includes('%00'))).toEqual([]);
  });

  it('counts X12 and DCSA events in lading_events_total with their route', async () => {
    const dcsa = {
      metadata: { eventID: '9f0c1d2e-0000-4000-8000-00000000000a', eventCreatedDateTime: '2026-11-04T08:00:00Z', eventType: 'EQUIPMENT' },
      payload: {
        eventClassifierCode: 'ACT',
        eventDateTime: '2026-11-04T08:00:00Z',
        equipmentEventTypeCode: 'GTOT',
        relatedDocumentReferences: [{ type: 'BKG', value: 'SHP-Y2' }],
      },
    };
    expect((await post('/dcsa/events', JSON.stringify([dcsa]), { 'content-type': 'application/json' })).status).toBe(202);
    const metrics = await (await fetch(`${base()}/metrics`)).text();
    const series = (labels: string) => new RegExp(`^lading_events_total\\{[^}]*${labels}[^}]*\\} [1-9]`, 'm');
    expect(metrics).toMatch(series('type="tms\\.shipment\\.in_transit",result="accepted",route="/edi/x12-214"'));
    expect(metrics).toMatch(series('type="unknown",result="rejected",route="/edi/x12-214"'));
    expect(metrics).toMatch(series('type="tms\\.shipment\\.out_for_delivery",result="accepted",route="/dcsa/events"'));
  });
});
