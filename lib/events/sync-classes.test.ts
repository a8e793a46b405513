import { DEFAULT_SYNC_CLASSES, SyncClass, parseSyncClassOverrides, syncClassifier } from './sync-classes';
import { ALL_EVENT_TYPES, EventType } from './types';

describe('synchronisation classes', () => {
  it('gives every event type a class', () => {
    for (const type of ALL_EVENT_TYPES) expect(Object.values(SyncClass)).toContain(DEFAULT_SYNC_CLASSES[type]);
  });

  it.each([
    ['tms.shipment.eta_updated=bulk', [{ type: EventType.EtaUpdated, syncClass: 'bulk' }]],
    [
      ' urn:carrier:acme|* = bulk , tms.shipment.in_transit=near_realtime',
      [
        { source: 'urn:carrier:acme', type: '*', syncClass: 'bulk' },
        { type: EventType.InTransit, syncClass: 'near_realtime' },
      ],
    ],
    ['', []],
  ])('parses %j', (raw, expected) => {
    expect(parseSyncClassOverrides(raw)).toEqual(expected);
  });

  it.each([
    ['tms.shipment.in_transit=urgent', 'the class after = is one of realtime, near_realtime, bulk'],
    ['tms.shipment.teleported=bulk', '"tms.shipment.teleported" is not an event type'],
    ['|tms.shipment.in_transit=bulk', 'the source before | is empty'],
    ['bulk', 'the class after = is one of'],
  ])('refuses %j, naming the item', (raw, message) => {
    expect(() => parseSyncClassOverrides(raw)).toThrow(message);
  });

  it('takes the most specific override: source and type, then source, then type, then the default', () => {
    const classify = syncClassifier(
      parseSyncClassOverrides('tms.shipment.delivered=bulk, urn:acme|*=near_realtime, urn:acme|tms.shipment.delivered=realtime, *=bulk'),
    );
    expect(classify({ source: 'urn:acme', type: EventType.Delivered })).toBe('realtime');
    expect(classify({ source: 'urn:acme', type: EventType.EtaUpdated })).toBe('near_realtime');
    expect(classify({ source: 'urn:other', type: EventType.Delivered })).toBe('bulk');
    expect(classify({ source: 'urn:other', type: EventType.EtaUpdated })).toBe('bulk');
    expect(syncClassifier()({ source: 'urn:other', type: EventType.EtaUpdated })).toBe('realtime');
  });
});
