import type { ShipmentRef } from '../../../lib/events/directory';
import { EventRefused } from '../../../lib/events/event-refused';
import { conflictReason } from '../../../lib/events/ownership';
import { canFoldIn, derivedOf, emptyFold, foldAll, foldFact } from './derive';
import type { Fact } from './fact';
import type { ShipmentProjection } from './shipment-projection';

/**
 * The projection a release gives a shipment: a new one, ORDERED, or the one already kept (a
 * release delivered again). A shipment never moves to another order: that is refused.
 */
export function releasedShipment(existing: ShipmentProjection | null, ref: ShipmentRef): ShipmentProjection {
  if (existing && existing.orderId !== ref.orderId)
    throw new EventRefused(conflictReason({ kind: 'shipment', id: ref.id, owner: ref.orderId }));
  if (existing) return existing;
  const fold = emptyFold();
  return { ...ref, fold, derived: derivedOf(fold) };
}

/** Whether folding `fact` in needs the shipment's whole timeline: it happened before the last fact folded. */
export function needsHistory(projection: ShipmentProjection, fact: Fact): boolean {
  return !canFoldIn(projection.fold, fact);
}

/**
 * The projection with one more fact. A fact that happened after every known one (the usual case)
 * is folded in at constant cost; an earlier one re-folds `history` (every fact, this one included).
 */
export function foldShipment(projection: ShipmentProjection, fact: Fact, history?: readonly Fact[]): ShipmentProjection {
  let fold;
  if (!needsHistory(projection, fact)) {
    // A copy (constant size): the projection given stays as it was, callers compare the two.
    fold = structuredClone(projection.fold);
    foldFact(fold, fact);
  } else {
    if (!history) throw new Error(`shipment ${projection.id}: a fact older than the last one folded needs the timeline`);
    fold = foldAll(history);
  }
  return { ...projection, fold, derived: derivedOf(fold) };
}
