import { UserInputError } from '../../../lib/errors';
import type { TransportContext } from '../context';
import type { TimeBasis } from '../domain/as-of';
import { snapshotAsOf } from '../domain/as-of';
import type { Fact } from '../domain/fact';
import { byOccurrence } from '../domain/fact';
import { milestoneOf } from '../domain/milestone';
import type { ShipmentView } from '../domain/shipment-projection';
import { requireVisibleShipment } from './visible-shipment';

/**
 * A shipment as of a past moment: the derivation of status and timeline at that time, which lives here
 * with the derivation itself (docs/governance.md); open to a customer for its own shipments.
 */
export const asOfQueries = {
  async shipmentAsOf(_: unknown, args: { id: string; at: string; basis?: TimeBasis | null }, context: TransportContext) {
    const shipment = await requireVisibleShipment(context, args.id);
    const at = new Date(args.at);
    if (Number.isNaN(at.getTime())) throw new UserInputError('at must be a date-time');
    const snapshot = snapshotAsOf(
      { id: shipment.id, facts: await context.loaders.timeline.load(shipment.id) },
      at,
      args.basis ?? 'RECORDED',
    );
    // Before its first fact the shipment did not exist, as far as Lading knew (or as it happened).
    return snapshot.facts.length ? snapshot : null;
  },
};

export const ShipmentSnapshotNode = {
  timeline: (s: { facts: readonly Fact[] }) => [...s.facts].sort(byOccurrence).map(milestoneOf),
};

/**
 * The events recorded as the shipment's facts (source + id), which only transport knows: the
 * governance subgraph requires them for `Shipment.eventTraces` and traces them from the log.
 */
export async function shipmentFactEvents(shipment: ShipmentView, _: unknown, context: TransportContext) {
  return (await context.loaders.timeline.load(shipment.id)).map((fact) => ({ source: fact.source, id: fact.eventId }));
}
