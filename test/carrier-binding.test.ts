import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { isa } from './support/x12';

/**
 * Two customers' shipments: SHP-K1 tendered to ODFL (PRO-K1, BOL-K1), SHP-K2 another customer's,
 * tendered to ACME; SHP-K3 and SHP-K4 released but not tendered yet; SHP-K5 tendered to ODFL.
 * `orderWithShipments` gives each the ERP shipment number `SH-<id>`.
 */
const tender = (shipment: string, scac: string, trackingNumber?: string) =>
  event(
    EventType.ShipmentTendered,
    shipment,
    { carrier: { scac, name: scac }, mode: 'LTL', ...(trackingNumber ? { trackingNumber } : {}) },
    '2026-11-01T09:00:00Z',
  );

/** One 214 set per status: `b10` is B10-01..03, `l11` extra reference segments. */
const interchange = (control: string, sets: { b10: string; status: string; time: string; l11?: string }[]) =>
  [
    isa('ODFLTEST', control),
    'GS*QM*ODFLTEST*LADING*20261102*0905*' + control + '*X*004010~',
    ...sets.map(({ b10, status, time, l11 }, i) => {
      const n = String(i + 1).padStart(4, '0');
      const body = [`B10*${b10}`, ...(l11 ? [l11] : []), 'LX*1', `AT7*${status}*NS***20261102*${time}*UT`];
      return `ST*214*${n}~${body.join('~')}~SE*${body.length + 2}*${n}~`;
    }),
    `GE*${sets.length}*${control}~IEA*1*${control.padStart(9, '0')}~`,
  ].join('');

describe('carriers bound to their own shipments', () => {
  let t: TestStack;
  let odfl: string;
  let unbound: string;
  let rep: string;

  beforeAll(async () => {
    t = await startTestStack();
    odfl = await t.tokenWith({ sub: 'odfl', role: Role.Integration, carriers: ['odfl'] });
    unbound = await t.token(Role.Integration);
    rep = await t.token(Role.ServiceRep);
    await t.ingest([
      ...orderWithShipments('ORD-K1', 'CUST-K1', ['SHP-K1', 'SHP-K3', 'SHP-K4', 'SHP-K5']),
      ...orderWithShipments('ORD-K2', 'CUST-K2', ['SHP-K2']),
      tender('SHP-K1', 'ODFL', 'PRO-K1'),
      tender('SHP-K2', 'ACME'),
      tender('SHP-K5', 'ODFL'),
      event(EventType.ShipmentLoaded, 'SHP-K1', { bol: 'BOL-K1' }, '2026-11-01T10:00:00Z'),
    ]);
  });

  afterAll(() => t.dispose());

  const base = () => t.gatewayUrl.replace('/graphql', '');
  async function post(path: string, body: string, headers: Record<string, string>, token: string) {
    const response = await fetch(`${base()}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body });
    const text = await response.text();
    return { status: response.status, text, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
  }
  const x12 = (text: string, token: string, accept = 'application/json') =>
    post('/edi/x12-214', text, { 'content-type': 'application/edi-x12', accept }, token);
  const dcsa = (events: unknown[], token: string) =>
    post('/dcsa/events', JSON.stringify(events), { 'content-type': 'application/json' }, token);
  async function timeline(id: string): Promise<{ type: string; location: string | null }[]> {
    await t.runtime.pipeline.idle();
    const { body } = await t.graphql(`{ shipment(id: "${id}") { timeline { type location } } }`, undefined, rep);
    return body.data.shipment.timeline;
  }
  async function deadLetters(): Promise<{ reason: string; raw: string }[]> {
    const { body } = await t.graphql('{ deadLetters(first: 100) { edges { node { reason raw } } } }', undefined, rep);
    return body.data.deadLetters.edges.map((e: any) => e.node);
  }
  async function heldEvents(): Promise<{ subject: string; reason: string; consumers: string[] }[]> {
    const { body } = await t.graphql('{ heldEvents(first: 100) { edges { node { subject reason consumers } } } }', undefined, rep);
    return body.data.heldEvents.edges.map((e: any) => e.node);
  }
  const delivered = (subject: string, id: string) => ({
    ...event(EventType.Delivered, subject, { location: 'Lyon' }, '2026-11-03T10:00:00Z', id),
    source: 'urn:carrier:odfl',
  });
  const dcsaGateIn = (eventID: string, reference: string) => ({
    metadata: { eventID, eventCreatedDateTime: '2026-11-02T08:00:00Z', eventType: 'EQUIPMENT', publisher: { carrierCode: 'ODFL' } },
    payload: {
      eventClassifierCode: 'ACT',
      equipmentEventTypeCode: 'GTIN',
      eventDateTime: '2026-11-02T07:41:00Z',
      relatedDocumentReferences: [{ type: 'BKG', value: reference }],
      location: { UNLocationCode: 'USATL' },
    },
  });

  describe('a carrier-bound integration cannot report on a shipment tendered to another carrier', () => {
    it('POST /events: refused per event as carrier_not_assigned, naming nothing of the other customer; its own shipment is accepted', async () => {
      const { status, body } = await t.postEvents([delivered('SHP-K2', 'odfl-rest-1'), delivered('SHP-K1', 'odfl-rest-2')], odfl);
      expect(status).toBe(202);
      expect(body.results).toEqual([
        { id: 'odfl-rest-1', status: 'rejected', reason: 'carrier_not_assigned: shipment SHP-K2 is not tendered to carriers ODFL' },
        { id: 'odfl-rest-2', status: 'accepted' },
      ]);
      expect(JSON.stringify(body)).not.toMatch(/ACME|CUST-K2|ORD-K2/);
      expect(await timeline('SHP-K2')).not.toContainEqual(expect.objectContaining({ type: EventType.Delivered }));
      expect(await timeline('SHP-K1')).toContainEqual({ type: EventType.Delivered, location: 'Lyon' });
      expect(await deadLetters()).toContainEqual({
        reason: 'carrier_not_assigned: shipment SHP-K2 is not tendered to carriers ODFL',
        raw: expect.stringContaining('odfl-rest-1'),
      });
    });

    it('POST /edi/x12-214: the set is rejected in the 997 at B10-02, and in JSON with each event refused', async () => {
      const text = interchange('801', [{ b10: 'PRO9*SHP-K2*ODFL', status: 'A9', time: '0800' }]);
      const answer = await x12(text, odfl, 'application/edi-x12');
      expect(answer.status).toBe(202);
      expect(answer.text.split('~')).toEqual(
        expect.arrayContaining(['AK2*214*0001', 'AK3*B10*2**8', 'AK4*2**7*SHP-K2', 'AK5*R*5', 'AK9*R*1*1*0']),
      );
      const json = await x12(interchange('802', [{ b10: 'PRO9*SHP-K2*ODFL', status: 'A9', time: '0801' }]), odfl);
      const [set] = json.body.groups[0].transactionSets;
      expect(set).toMatchObject({
        status: 'R',
        error: { segment: 'B10', element: 2, reason: expect.stringMatching(/^carrier_not_assigned: /) },
      });
      expect(set.events).toEqual([expect.objectContaining({ type: EventType.ExceptionRaised, status: 'rejected' })]);
      expect(await timeline('SHP-K2')).not.toContainEqual(expect.objectContaining({ type: EventType.ExceptionRaised }));
    });

    it('POST /dcsa/events: the event is refused as carrier_not_assigned', async () => {
      const { body } = await dcsa([dcsaGateIn('9b7a0000-0000-4000-8000-000000000001', 'SHP-K2')], odfl);
      expect(body.results).toEqual([
        {
          eventID: '9b7a0000-0000-4000-8000-000000000001',
          status: 'rejected',
          type: EventType.PickedUp,
          reason: 'carrier_not_assigned: shipment SHP-K2 is not tendered to carriers ODFL',
        },
      ]);
      expect(await timeline('SHP-K2')).not.toContainEqual(expect.objectContaining({ type: EventType.PickedUp }));
    });

    it('a carrier cannot tender a shipment to itself', async () => {
      const { body } = await t.postEvents([{ ...tender('SHP-K3', 'ODFL'), id: 'odfl-self-tender' }], odfl);
      expect(body.results[0]).toMatchObject({
        status: 'rejected',
        reason: expect.stringMatching(/^carrier_not_assigned: a carrier integration cannot tender/),
      });
    });
  });

  describe('a shipment not tendered yet', () => {
    it('holds the carrier event until the tender, then applies it when the tender names its carrier', async () => {
      const { body } = await t.postEvents([delivered('SHP-K3', 'odfl-early-1')], odfl);
      expect(body.results).toEqual([{ id: 'odfl-early-1', status: 'held', reason: expect.stringContaining('SHP-K3 is not tendered yet') }]);
      expect(await heldEvents()).toContainEqual({
        subject: 'SHP-K3',
        reason: expect.stringContaining('not tendered yet'),
        consumers: ['ingest'],
      });
      expect(await timeline('SHP-K3')).not.toContainEqual(expect.objectContaining({ type: EventType.Delivered }));
      await t.ingest([tender('SHP-K3', 'ODFL')]);
      expect(await timeline('SHP-K3')).toContainEqual({ type: EventType.Delivered, location: 'Lyon' });
      expect((await heldEvents()).map((h) => h.subject)).not.toContain('SHP-K3');
    });

    it('dead-letters the held event as carrier_not_assigned when the tender names another carrier', async () => {
      const held = await x12(interchange('803', [{ b10: 'PRO8*SHP-K4*ODFL', status: 'AF', time: '0900' }]), odfl);
      expect(held.body.groups[0].transactionSets[0]).toMatchObject({ status: 'A', events: [expect.objectContaining({ status: 'held' })] });
      await t.ingest([tender('SHP-K4', 'ACME')]);
      expect(await timeline('SHP-K4')).not.toContainEqual(expect.objectContaining({ type: EventType.PickedUp }));
      expect(await deadLetters()).toContainEqual({
        reason: 'carrier_not_assigned: shipment SHP-K4 is not tendered to carriers ODFL',
        raw: expect.stringContaining('"subject":"SHP-K4"'),
      });
      expect((await heldEvents()).map((h) => h.subject)).not.toContain('SHP-K4');
    });
  });

  describe('references as carriers send them', () => {
    it('X12: the ERP shipment number in B10-02, the PRO in B10-01 and the BOL in L11 reach the shipment', async () => {
      const { body } = await x12(
        interchange('804', [
          { b10: 'PRO0*SH-SHP-K5*ODFL', status: 'X6', time: '1000' },
          { b10: 'PRO-K1*UNKNOWN-1*ODFL', status: 'X4', time: '1001' },
          { b10: 'NOPRO*UNKNOWN-2*ODFL', status: 'P1', time: '1002', l11: 'L11*BOL-K1*BM' },
        ]),
        odfl,
      );
      expect(body.groups[0]).toMatchObject({ status: 'A', accepted: 3 });
      expect((await timeline('SHP-K5')).map((m) => m.type)).toContain(EventType.InTransit);
      const k1 = await t.runtime.pipeline.log.read(undefined, 1000);
      const subjects = k1.filter((e) => e.event.source === 'urn:x12:odfltest').map((e) => [e.event.subject, e.event.id]);
      expect(subjects).toEqual(
        expect.arrayContaining([
          ['SHP-K5', expect.stringMatching(/^214:SHP-K5:X6:/)],
          ['SHP-K1', expect.stringMatching(/^214:SHP-K1:X4:/)],
          ['SHP-K1', expect.stringMatching(/^214:SHP-K1:P1:/)],
        ]),
      );
    });

    it('X12: a set naming no known shipment is rejected in the 997 with the value as its note, and dead-lettered as unknown_reference', async () => {
      const text = interchange('805', [
        { b10: 'PRO-K1*SHP-K1*ODFL', status: 'X6', time: '1100' },
        { b10: 'NOPRO*SH-999999*ODFL', status: 'D1', time: '1101' },
      ]);
      const answer = await x12(text, unbound, 'application/edi-x12');
      expect(answer.text.split('~')).toEqual(
        expect.arrayContaining(['AK2*214*0001', 'AK5*A', 'AK2*214*0002', 'AK3*B10*2**8', 'AK4*2**7*SH-999999', 'AK5*R*5', 'AK9*P*2*2*1']),
      );
      const json = await x12(text.replace(/805/g, '806'), unbound);
      expect(json.body.groups[0].transactionSets[1]).toMatchObject({
        status: 'R',
        error: { segment: 'B10', element: 2, value: 'SH-999999', reason: 'no shipment is known by "SH-999999", "NOPRO"' },
      });
      expect(await deadLetters()).toContainEqual({
        reason: 'unknown_reference: X12 214 set 0002: B10-02 (segment 2): no shipment is known by "SH-999999", "NOPRO"',
        raw: expect.stringContaining('SH-999999'),
      });
      expect((await heldEvents()).map((h) => h.subject)).not.toContain('SH-999999');
    });

    it('DCSA: a booking reference holding the ERP shipment number reaches the shipment with its location; an unknown one is refused', async () => {
      const { body } = await dcsa(
        [dcsaGateIn('9b7a0000-0000-4000-8000-000000000002', 'SH-SHP-K5'), dcsaGateIn('9b7a0000-0000-4000-8000-000000000003', 'BKG-NONE')],
        odfl,
      );
      expect(body.results).toEqual([
        { eventID: '9b7a0000-0000-4000-8000-000000000002', status: 'accepted', type: EventType.PickedUp },
        {
          eventID: '9b7a0000-0000-4000-8000-000000000003',
          status: 'rejected',
          reason: 'unknown_reference: events[1].relatedDocumentReferences: no shipment is known by "BKG-NONE"',
        },
      ]);
      expect(await timeline('SHP-K5')).toContainEqual({ type: EventType.PickedUp, location: 'USATL' });
    });
  });
});
