import type { ShipmentRef } from '../../../lib/events/directory';
import { foldTable } from '../../../lib/events/fold-cases.contract';
import { EventType } from '../../../lib/events/types';
import { derivedOf, emptyFold, foldAll } from './derive';
import type { Fact, FactDataMap } from './fact';
import { foldShipment, releasedShipment } from './shipment-fold';
import type { ShipmentProjection } from './shipment-projection';

const ref: ShipmentRef = { id: 'SHP-1', number: 'SH-1', orderId: 'ORD-1', orderNumber: 'SO-1', customerId: 'C1', warehouseId: 'W' };
const fact = <T extends EventType>(type: T, minute: number, data: FactDataMap[T]): Fact<T> => ({
  key: `urn:test|${type}@${minute}`,
  eventId: `${type}@${minute}`,
  source: 'urn:test',
  type,
  occurredAt: new Date(Date.UTC(2026, 10, 1, 8, minute)).toISOString(),
  recordedAt: '2026-11-02T00:00:00.000Z',
  position: String(minute).padStart(12, '0'),
  data,
});
/** The projection of a shipment with these facts, folded from scratch: what every arrival order must reach. */
const projected = (...facts: Fact[]): ShipmentProjection => {
  const fold = facts.length ? foldAll(facts) : emptyFold();
  return { ...ref, fold, derived: derivedOf(fold) };
};

const release = fact(EventType.OrderReleased, 0, { shipment: { id: 'SHP-1', number: 'SH-1', warehouseId: 'W' } });
const pickedUp = fact(EventType.PickedUp, 10, { location: 'Lyon' });
const loaded = fact(EventType.ShipmentLoaded, 5, {});
const delivered = fact(EventType.Delivered, 20, { signedBy: 'J. Doe' });
const cancelled = fact(EventType.OrderCancelled, 15, { reason: 'x' });

describe('transport domain: a release creates the shipment projection', () => {
  foldTable(releasedShipment, [
    ['a released shipment is ORDERED', null, ref, { record: projected() }],
    [
      'a release delivered again keeps what the projection knows',
      projected(release, pickedUp),
      ref,
      { record: projected(release, pickedUp) },
    ],
    [
      'a shipment never moves to another order',
      { ...projected(), orderId: 'ORD-2' },
      ref,
      { refused: /^ownership_conflict: shipment SHP-1/ },
    ],
  ]);
});

describe('transport domain: a fact folds into the projection', () => {
  const fold = (projection: ShipmentProjection | null, f: Fact) => foldShipment(projection as ShipmentProjection, f);
  const refold = (history: Fact[]) => (projection: ShipmentProjection | null, f: Fact) =>
    foldShipment(projection as ShipmentProjection, f, history);
  foldTable(fold, [
    ['a later fact folds in directly', projected(release), pickedUp, { record: projected(release, pickedUp) }],
    [
      'status only moves up its rank, details still land',
      projected(release, delivered),
      fact(EventType.InTransit, 25, {}),
      { record: projected(release, delivered, fact(EventType.InTransit, 25, {})) },
    ],
    [
      'a cancellation after pickup does not cancel (a discrepancy instead)',
      projected(release, pickedUp),
      cancelled,
      { record: projected(release, pickedUp, cancelled) },
    ],
    ['an earlier fact without the timeline is a fault', projected(release, pickedUp), loaded, { fails: /needs the timeline/ }],
  ]);
  foldTable(refold([release, pickedUp, loaded]), [
    [
      'an earlier fact re-folds the timeline: the same result as in order',
      projected(release, pickedUp),
      loaded,
      { record: projected(release, loaded, pickedUp) },
    ],
  ]);
});
