import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { isa } from './support/x12';

/**
 * Carrier A: an LTL carrier on 004010 with `*` and `~`, one status per transaction set, newline
 * after each segment, N1 loops and MS1/MS2 for the place and the trailer.
 */
const carrierA = (control: string) =>
  [
    isa('ODFLTEST', control),
    'GS*QM*ODFLTEST*LADING*20261102*0905*101*X*004010~',
    'ST*214*0001~',
    'B10*PRO4471*SHP-X1*ODFL~',
    'L11*PO-99812*PO~',
    'N1*SH*ACME DC EAST*93*DC-EAST~',
    'N1*CN*BUYER ONE~',
    'LX*1~',
    'AT7*AF*NS***20261102*0830*ET~',
    'MS1*ATLANTA*GA*US~',
    'MS2*ODFL*TRL5521*TL~',
    'SE*10*0001~',
    'GE*1*101~',
    `IEA*1*${control.padStart(9, '0')}~`,
  ].join('\n');

/**
 * Carrier B: a truckload carrier using `|` between elements, several transaction sets per group
 * and several LX loops per set (a departure and an estimate, then a delivery in UTC).
 */
const carrierB = [
  isa('FTLCARRIER', '7001', { element: '|', segment: '~' }),
  'GS|QM|FTLCARRIER|LADING|20261103|1200|55|X|005010~',
  'ST|214|5501~',
  'B10|LOAD-88|SHP-X2|FTLC~',
  'LX|1~',
  'AT7|X6|NS|||20261103|1130|CT~',
  'MS1|MEMPHIS|TN|US~',
  'LX|2~',
  'AT7|AG|NS|||20261105|1600|CT~',
  'SE|8|5501~',
  'ST|214|5502~',
  'B10|LOAD-89|SHP-X3|FTLC~',
  'N1|CN|BUYER TWO~',
  'LX|1~',
  'AT7|D1|NS|||20261103|1015|UT~',
  'MS1|DALLAS|TX|US~',
  'SE|7|5502~',
  'GE|2|55~',
  'IEA|1|000007001~',
].join('');

/** Carrier C: a parcel carrier whose interchange holds a good set, a set with a bad date and a set with an unknown segment. */
const carrierC = [
  isa('PARCELCO', '9001'),
  'GS*QM*PARCELCO*LADING*20261104*0700*9*X*004010~',
  'ST*214*0001~B10*1Z999*SHP-X4*PCLO~LX*1~AT7*AH*A1***20261104*0645*ET~MS1*BOSTON*MA*US~SE*6*0001~',
  'ST*214*0002~B10*1Z998*SHP-X5*PCLO~LX*1~AT7*D1*NS***2026110*0700*ET~SE*5*0002~',
  'ST*214*0003~B10*1Z997*SHP-X5*PCLO~ZZZ*1~LX*1~AT7*D1*NS***20261104*0700*ET~SE*6*0003~',
  'GE*3*9~IEA*1*000009001~',
].join('\n');

describe('carrier standards in', () => {
  let t: TestStack;
  let integration: string;
  let rep: string;

  beforeAll(async () => {
    t = await startTestStack();
    integration = await t.token(Role.Integration);
    rep = await t.token(Role.ServiceRep);
    const shipments = ['SHP-X1', 'SHP-X2', 'SHP-X3', 'SHP-X4', 'SHP-X5', 'SHP-D1', 'SHP-D2'];
    await t.ingest(shipments.flatMap((id, i) => orderWithShipments(`ORD-C${i}`, 'CUST-C', [id])));
  });

  afterAll(() => t.dispose());

  const base = () => t.gatewayUrl.replace('/graphql', '');
  async function post(path: string, body: string, contentType: string, token = integration) {
    const response = await fetch(`${base()}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
      body,
    });
    return { status: response.status, body: (await response.json()) as any };
  }
  async function shipment(id: string) {
    await t.runtime.pipeline.idle();
    const { body } = await t.graphql(
      `{ shipment(id: "${id}") { status eta exception { reasonCode } timeline { type reasonCode location } } }`,
      undefined,
      rep,
    );
    return body.data.shipment;
  }

  describe('POST /edi/x12-214', () => {
    it('maps an LTL carrier interchange: AF moves the shipment in transit', async () => {
      const { status, body } = await post('/edi/x12-214', carrierA('101'), 'application/edi-x12');
      expect(status).toBe(202);
      expect(body.source).toBe('urn:x12:odfltest');
      expect(body.groups).toEqual([
        expect.objectContaining({ functionalId: 'QM', controlNumber: '101', status: 'A', received: 1, accepted: 1 }),
      ]);
      expect(body.groups[0].transactionSets[0].events).toEqual([expect.objectContaining({ type: EventType.PickedUp, status: 'accepted' })]);
      const x1 = await shipment('SHP-X1');
      expect(x1.status).toBe('IN_TRANSIT');
      expect(x1.timeline).toContainEqual({ type: EventType.PickedUp, reasonCode: null, location: 'ATLANTA, GA, US' });
    });

    it('maps several sets and loops per interchange: X6 in transit, AG sets the ETA, D1 delivers', async () => {
      const { status, body } = await post('/edi/x12-214', carrierB, 'application/edi-x12');
      expect(status).toBe(202);
      expect(body.groups[0]).toMatchObject({ status: 'A', received: 2, accepted: 2 });
      const x2 = await shipment('SHP-X2');
      expect(x2.status).toBe('IN_TRANSIT');
      expect(x2.eta).toBe('2026-11-05T22:00:00.000Z');
      const x3 = await shipment('SHP-X3');
      expect(x3.status).toBe('DELIVERED');
    });

    it('rejects a malformed set by segment and element position, keeps the good set of the same interchange, and dead-letters the raw text', async () => {
      const { status, body } = await post('/edi/x12-214', carrierC, 'application/edi-x12');
      expect(status).toBe(202);
      const [group] = body.groups;
      expect(group).toMatchObject({ status: 'P', received: 3, accepted: 1 });
      expect(group.transactionSets[0]).toMatchObject({ controlNumber: '0001', status: 'A' });
      expect(group.transactionSets[1]).toMatchObject({
        controlNumber: '0002',
        status: 'R',
        error: { segment: 'AT7', position: 4, element: 5 },
      });
      expect(group.transactionSets[1].error.reason).toContain('2026110');
      expect(group.transactionSets[2]).toMatchObject({ controlNumber: '0003', status: 'R', error: { segment: 'ZZZ', position: 3 } });
      const x4 = await shipment('SHP-X4');
      expect(x4.timeline).toContainEqual({
        type: EventType.DeliveryAttempted,
        reasonCode: 'RECIPIENT_UNAVAILABLE',
        location: 'BOSTON, MA, US',
      });
      expect((await shipment('SHP-X5')).status).toBe('ORDERED');
      const letters = await t.graphql('{ deadLetters(first: 50) { edges { node { reason raw } } } }', undefined, rep);
      const reasons = letters.body.data.deadLetters.edges.map((e: any) => e.node);
      expect(reasons).toContainEqual({
        reason: expect.stringMatching(/^invalid: X12 214 set 0002: AT7-05 \(segment 4\)/),
        raw: expect.stringContaining('AT7*D1*NS***2026110*0700*ET'),
      });
      expect(reasons).toContainEqual({
        reason: expect.stringMatching(/^invalid: X12 214 set 0003: ZZZ \(segment 3\)/),
        raw: expect.stringContaining('ZZZ*1'),
      });
    });

    it('answers partners in their vocabulary: milestones and status carry their X12 and DCSA codes', async () => {
      const { body } = await t.graphql(
        `{ x4: shipment(id: "SHP-X4") { timeline { type carrierCodes { x12StatusCode x12ReasonCode } } }
           x3: shipment(id: "SHP-X3") { statusCarrierCodes { x12StatusCode dcsaEventType dcsaEventCode dcsaClassifier } } }`,
        undefined,
        rep,
      );
      expect(body.data.x4.timeline).toContainEqual({
        type: EventType.DeliveryAttempted,
        carrierCodes: { x12StatusCode: 'AH', x12ReasonCode: 'A1' },
      });
      expect(body.data.x4.timeline).toContainEqual({
        type: EventType.OrderReleased,
        carrierCodes: { x12StatusCode: null, x12ReasonCode: null },
      });
      expect(body.data.x3.statusCarrierCodes).toEqual({
        x12StatusCode: 'D1',
        dcsaEventType: 'EQUIPMENT',
        dcsaEventCode: 'DROP',
        dcsaClassifier: 'ACT',
      });
    });

    it('a resent status is a duplicate, even in a new interchange', async () => {
      const { body } = await post('/edi/x12-214', carrierA('102'), 'application/edi-x12');
      expect(body.groups[0].transactionSets[0].events).toEqual([expect.objectContaining({ status: 'duplicate' })]);
      expect((await shipment('SHP-X1')).timeline.filter((m: any) => m.type === EventType.PickedUp)).toHaveLength(1);
    });

    it('applies source binding to mapped events: an integration bound to urn:wms:* cannot speak for a carrier', async () => {
      const wmsOnly = await t.tokenWith({ sub: 'wms-bot', role: Role.Integration, sources: ['urn:wms:*'] });
      const { status, body } = await post(
        '/edi/x12-214',
        carrierA('105').replace('20261102*0830', '20261102*0930'),
        'application/edi-x12',
        wmsOnly,
      );
      expect(status).toBe(202);
      expect(body.groups[0].transactionSets[0].events).toEqual([
        expect.objectContaining({ status: 'rejected', reason: expect.stringMatching(/^source_not_allowed/) }),
      ]);
      const carrierBound = await t.tokenWith({ sub: 'odfl', role: Role.Integration, sources: ['urn:x12:odfltest'] });
      const ok = await post('/edi/x12-214', carrierA('106').replace('20261102*0830', '20261102*0930'), 'application/edi-x12', carrierBound);
      expect(ok.body.groups[0].transactionSets[0].events).toEqual([expect.objectContaining({ status: 'accepted' })]);
    });

    it('refuses an unreadable envelope with 400 naming the segment, and other roles with 403', async () => {
      const broken = carrierA('103').replace('GE*1*101~', 'GE*2*101~');
      const { status, body } = await post('/edi/x12-214', broken, 'application/edi-x12');
      expect(status).toBe(400);
      expect(body.errors[0].message).toContain('GE01');
      expect((await post('/edi/x12-214', carrierA('104'), 'application/edi-x12', rep)).status).toBe(403);
      expect((await post('/edi/x12-214', carrierA('104'), 'application/json')).status).toBe(415);
    });
  });

  describe('POST /dcsa/events', () => {
    const gateIn = {
      eventID: '5e51e72c-d872-11ea-811c-0242ac130003',
      eventType: 'EQUIPMENT',
      eventClassifierCode: 'ACT',
      equipmentEventTypeCode: 'GTIN',
      eventDateTime: '2026-11-02T07:41:00+01:00',
      eventCreatedDateTime: '2026-11-02T07:45:00+01:00',
      equipmentReference: 'APZU4812090',
      eventLocation: { UNLocationCode: 'NLRTM' },
      documentReferences: [{ documentReferenceType: 'BKG', documentReferenceValue: 'SHP-D1' }],
    };
    const estimatedArrival = {
      metadata: {
        eventID: '7f2d833c-2c7f-4fc5-a537-2d95e2f8c1a1',
        eventCreatedDateTime: '2026-11-03T10:00:00Z',
        eventType: 'TRANSPORT',
        publisher: { partyName: 'Ocean Liner', carrierCode: 'OLNR' },
      },
      payload: {
        eventClassifierCode: 'EST',
        transportEventTypeCode: 'ARRI',
        eventDateTime: '2026-11-20T06:00:00Z',
        documentReferences: [{ documentReferenceType: 'BKG', documentReferenceValue: 'SHP-D1' }],
        transportCall: { location: { UNLocationCode: 'USNYC' } },
      },
    };
    const stuffed = { ...gateIn, eventID: '2b6c4d1e-0000-4000-8000-000000000001', equipmentEventTypeCode: 'STUF' };
    const dropped = {
      ...gateIn,
      eventID: '2b6c4d1e-0000-4000-8000-000000000002',
      equipmentEventTypeCode: 'DROP',
      eventDateTime: '2026-11-21T09:00:00-05:00',
      documentReferences: [{ documentReferenceType: 'TRD', documentReferenceValue: 'SHP-D2' }],
    };
    const badClassifier = { ...gateIn, eventID: '2b6c4d1e-0000-4000-8000-000000000003', eventClassifierCode: 'GUESS' };

    it('maps equipment, transport and shipment events by code and classifier; informational ones are acknowledged', async () => {
      const { status, body } = await post(
        '/dcsa/events',
        JSON.stringify([gateIn, estimatedArrival, stuffed, dropped, badClassifier]),
        'application/json',
      );
      expect(status).toBe(202);
      expect(body.results).toEqual([
        { eventID: gateIn.eventID, status: 'accepted', type: EventType.PickedUp },
        { eventID: estimatedArrival.metadata.eventID, status: 'accepted', type: EventType.EtaUpdated },
        { eventID: stuffed.eventID, status: 'informational' },
        { eventID: dropped.eventID, status: 'accepted', type: EventType.Delivered },
        { eventID: badClassifier.eventID, status: 'rejected', reason: 'events[4].eventClassifierCode must be PLN, EST or ACT' },
      ]);
      const d1 = await shipment('SHP-D1');
      expect(d1.status).toBe('IN_TRANSIT');
      expect(d1.eta).toBe('2026-11-20T06:00:00.000Z');
      expect(d1.timeline).toContainEqual({ type: EventType.PickedUp, reasonCode: null, location: 'NLRTM' });
      expect((await shipment('SHP-D2')).status).toBe('DELIVERED');
      const [entry] = (await t.runtime.pipeline.log.read(undefined, 1000)).filter((e) => e.event.id === estimatedArrival.metadata.eventID);
      expect(entry.event.source).toBe('urn:dcsa:olnr');
    });

    it('keeps the DCSA codes a carrier sent on the milestone', async () => {
      const { body } = await t.graphql(
        '{ shipment(id: "SHP-D1") { timeline { type carrierCodes { x12StatusCode dcsaEventCode dcsaClassifier } } } }',
        undefined,
        rep,
      );
      expect(body.data.shipment.timeline).toContainEqual({
        type: EventType.EtaUpdated,
        carrierCodes: { x12StatusCode: 'AG', dcsaEventCode: 'ARRI', dcsaClassifier: 'EST' },
      });
      expect(body.data.shipment.timeline).toContainEqual({
        type: EventType.PickedUp,
        carrierCodes: { x12StatusCode: 'AF', dcsaEventCode: 'GTIN', dcsaClassifier: 'ACT' },
      });
    });

    it('a resent DCSA event is a duplicate', async () => {
      const { body } = await post('/dcsa/events', JSON.stringify([gateIn]), 'application/json');
      expect(body.results).toEqual([{ eventID: gateIn.eventID, status: 'duplicate', type: EventType.PickedUp }]);
    });

    it('refuses a body that is not an array with 400', async () => {
      const { status, body } = await post('/dcsa/events', JSON.stringify(gateIn), 'application/json');
      expect(status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });
});
