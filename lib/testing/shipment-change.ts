import type { ShipmentChange } from '../changes/shipment-change';
import { EventType, SourceSystem } from '../events/types';

/** A change-stream record of shipment `SHP-<n>` (an in-transit scan, event `e<n>`), for tests of its consumers. */
export const shipmentChange = (n: number, customerId = 'C1'): Omit<ShipmentChange, 'id'> => ({
  shipmentId: `SHP-${n}`,
  customerId,
  version: 1,
  position: String(n).padStart(12, '0'),
  factKey: `urn:test|e${n}`,
  eventType: EventType.InTransit,
  milestone: {
    eventId: `e${n}`,
    type: EventType.InTransit,
    source: SourceSystem.TMS,
    occurredAt: '2026-11-01T08:00:00.000Z',
    recordedAt: '2026-11-01T08:00:00.000Z',
    location: null,
    reasonCode: null,
    carrierCodes: { x12StatusCode: null, x12ReasonCode: null, dcsaEventType: null, dcsaEventCode: null, dcsaClassifier: null },
  },
  shipment: {
    id: `SHP-${n}`,
    number: `SH-${n}`,
    orderId: 'ORD-1',
    orderNumber: 'SO-1',
    customerId,
    status: 'IN_TRANSIT',
    statusUpdatedAt: '2026-11-01T08:00:00.000Z',
    eta: null,
    exception: null,
    transport: null,
    discrepancies: [],
  },
  sla: { lastCarrierUpdate: null, deliveredRecordedAt: null, deliveredOccurredAt: null, accrued: false, invoiced: false, open: [] },
  slaClocks: [],
});
