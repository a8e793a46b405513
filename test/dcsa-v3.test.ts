import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

/** Events exactly as DCSA Track & Trace v3.0.0 publishes them: `{ metadata, payload }`, references as `{ type, value }`. */
const publisher = { partyName: 'Ocean Liner', carrierCode: 'OLNR', carrierCodeListProvider: 'SMDG' };
const metadata = (eventID: string, eventType: string) => ({
  eventID,
  eventCreatedDateTime: '2026-11-02T07:45:00+01:00',
  eventType,
  publisher,
  publisherRole: 'CA',
});

const bookingConfirmed = {
  metadata: metadata('0b1e5c1a-0000-4000-8000-000000000001', 'SHIPMENT'),
  payload: {
    eventClassifierCode: 'ACT',
    eventDateTime: '2026-11-01T09:00:00Z',
    shipmentEventTypeCode: 'CONF',
    documentTypeCode: 'BKG',
    documentReference: 'SHP-V3A',
    reason: 'Space confirmed',
  },
};
const pickedUp = {
  metadata: metadata('0b1e5c1a-0000-4000-8000-000000000002', 'EQUIPMENT'),
  payload: {
    eventClassifierCode: 'ACT',
    eventDateTime: '2026-11-02T07:41:00+01:00',
    equipmentEventTypeCode: 'PICK',
    equipmentReference: 'APNR7744962',
    emptyIndicatorCode: 'LADEN',
    isTransshipmentMove: false,
    location: { locationType: 'UNLO', locationName: 'Port of Rotterdam', UNLocationCode: 'NLRTM' },
    facilityTypeCode: 'POTE',
    relatedDocumentReferences: [
      { type: 'BKG', value: 'SHP-V3A' },
      { type: 'TRD', value: 'MBL-77001' },
    ],
    references: [{ type: 'EQ', value: 'APNR7744962' }],
  },
};
const departed = {
  metadata: metadata('0b1e5c1a-0000-4000-8000-000000000003', 'TRANSPORT'),
  payload: {
    eventClassifierCode: 'ACT',
    eventDateTime: '2026-11-03T18:00:00Z',
    transportEventTypeCode: 'DEPA',
    transportCall: {
      transportCallReference: 'TC-1',
      modeOfTransport: 'VESSEL',
      location: { locationType: 'UNLO', locationName: 'Port of Antwerp', UNLocationCode: 'BEANR' },
      facilityTypeCode: 'POTE',
    },
    relatedDocumentReferences: [{ type: 'TRD', value: 'SHP-V3B' }],
  },
};
const issued = {
  metadata: metadata('0b1e5c1a-0000-4000-8000-000000000004', 'SHIPMENT'),
  payload: {
    eventClassifierCode: 'ACT',
    eventDateTime: '2026-11-02T10:00:00Z',
    shipmentEventTypeCode: 'ISSU',
    documentTypeCode: 'TRD',
    documentReference: 'MBL-77001',
    relatedDocumentReferences: [{ type: 'BKG', value: 'SHP-V3A' }],
  },
};

describe('POST /dcsa/events: Track & Trace v3.0.0 as published', () => {
  let t: TestStack;
  let integration: string;
  let rep: string;

  beforeAll(async () => {
    t = await startTestStack();
    integration = await t.token(Role.Integration);
    rep = await t.token(Role.ServiceRep);
    await t.ingest(['SHP-V3A', 'SHP-V3B'].flatMap((id, i) => orderWithShipments(`ORD-V3${i}`, 'CUST-V3', [id])));
  });

  afterAll(() => t.dispose());

  async function post(events: unknown[]) {
    const response = await fetch(`${t.gatewayUrl.replace('/graphql', '')}/dcsa/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${integration}` },
      body: JSON.stringify(events),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  async function shipment(id: string) {
    await t.runtime.pipeline.idle();
    const { body } = await t.graphql(`{ shipment(id: "${id}") { status timeline { type location } } }`, undefined, rep);
    return body.data.shipment;
  }

  it('maps SHIPMENT, EQUIPMENT and TRANSPORT events by their document references and reads their location', async () => {
    const { status, body } = await post([bookingConfirmed, pickedUp, departed, issued]);
    expect(status).toBe(202);
    expect(body.results).toEqual([
      { eventID: bookingConfirmed.metadata.eventID, status: 'accepted', type: EventType.TenderAccepted },
      { eventID: pickedUp.metadata.eventID, status: 'accepted', type: EventType.PickedUp },
      { eventID: departed.metadata.eventID, status: 'accepted', type: EventType.InTransit },
      { eventID: issued.metadata.eventID, status: 'informational' },
    ]);
    const a = await shipment('SHP-V3A');
    expect(a.status).toBe('IN_TRANSIT');
    expect(a.timeline).toContainEqual({ type: EventType.PickedUp, location: 'NLRTM' });
    const b = await shipment('SHP-V3B');
    expect(b.status).toBe('IN_TRANSIT');
    expect(b.timeline).toContainEqual({ type: EventType.InTransit, location: 'BEANR' });
  });

  it('reads a v3 retraction (metadata only) as one, and refuses it by name', async () => {
    const retraction = {
      metadata: { ...metadata('0b1e5c1a-0000-4000-8000-000000000006', 'TRANSPORT'), retractedEventID: departed.metadata.eventID },
    };
    const { body } = await post([retraction]);
    expect(body.results).toEqual([
      {
        eventID: retraction.metadata.eventID,
        status: 'rejected',
        reason: 'events[0].retractedEventID: retractions are not supported; send a corrected event',
      },
    ]);
  });

  it('names the v3 attribute when no BKG or TRD reference is given', async () => {
    const unreferenced = {
      ...pickedUp,
      metadata: { ...pickedUp.metadata, eventID: '0b1e5c1a-0000-4000-8000-000000000005' },
      payload: { ...pickedUp.payload, relatedDocumentReferences: [{ type: 'SHI', value: 'SI-1' }] },
    };
    const { body } = await post([unreferenced]);
    expect(body.results).toEqual([
      {
        eventID: unreferenced.metadata.eventID,
        status: 'rejected',
        reason: 'events[0].relatedDocumentReferences needs a BKG or TRD document reference (naming the shipment)',
      },
    ]);
  });
});
