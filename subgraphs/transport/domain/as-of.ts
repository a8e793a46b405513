import type { DerivedShipment } from './derive';
import { deriveShipment } from './derive';
import type { Fact } from './fact';

export type TimeBasis = 'RECORDED' | 'OCCURRED';

export interface ShipmentSnapshot extends DerivedShipment {
  id: string;
  at: string;
  basis: TimeBasis;
  facts: Fact[];
}

/**
 * A shipment at a moment, from the facts the projection keeps (each with when it happened and when
 * Lading recorded it). RECORDED: only facts recorded by `at`, folded as always: exactly what Lading
 * showed then. OCCURRED: facts that happened by `at`, however late they were recorded: what really
 * happened. Both are the same fold as the live view, so status only moves up its rank.
 */
export function snapshotAsOf(shipment: { id: string; facts: readonly Fact[] }, at: Date, basis: TimeBasis): ShipmentSnapshot {
  const cutoff = at.toISOString();
  const facts = shipment.facts.filter((f) => (basis === 'RECORDED' ? f.recordedAt : f.occurredAt) <= cutoff);
  return { id: shipment.id, at: cutoff, basis, facts, ...deriveShipment(facts) };
}
