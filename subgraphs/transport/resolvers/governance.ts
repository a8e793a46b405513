import { UserInputError } from '../../../lib/errors';
import { paginate } from '../../../lib/graphql/connection';
import { Role, requireIdentity, requireRole } from '../../../lib/identity/identity';
import type { TransportContext } from '../context';
import { operationsOverview } from '../governance/operations-overview';
import type { TimeBasis } from '../domain/as-of';
import { snapshotAsOf } from '../domain/as-of';
import type { Fact } from '../domain/fact';
import { byOccurrence } from '../domain/fact';
import { milestoneOf } from '../domain/milestone';
import type { ShipmentView } from '../domain/shipment-projection';
import type { SlaBreachRow } from '../sla/open-breaches';
import { openSlaBreaches } from '../sla/open-breaches';
import { requireVisibleShipment } from './visible-shipment';

function requireServiceRep(context: TransportContext): void {
  requireRole(requireIdentity(context.identity), Role.ServiceRep);
}

/** Service reps' governance reads (docs/governance.md); as-of is open to a customer for its own shipments. */
export const governanceQueries = {
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
  async slaBreaches(_: unknown, args: { first: number; after?: string | null }, context: TransportContext) {
    requireServiceRep(context);
    const rows = await openSlaBreaches(context.store.documents, context.pipeline, context.governance);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return paginate<SlaBreachRow>(
      {
        range: async (after, count) =>
          rows
            .map((r) => r.key)
            .filter((k) => after === undefined || k > after)
            .slice(0, count),
        load: async (keys) => keys.map((k) => byKey.get(k) ?? null),
        total: async () => rows.length,
      },
      args.first,
      args.after,
    );
  },
  operationsOverview(_: unknown, __: unknown, context: TransportContext) {
    requireServiceRep(context);
    return operationsOverview(context);
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
