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
  eventTrace(_: unknown, args: { source: string; id: string }, context: TransportContext) {
    requireServiceRep(context);
    return context.tracer.trace(args.source, args.id);
  },
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

/** Every event that touched a shipment: its facts, and what is held or dead-lettered about it. */
export async function shipmentEventTraces(shipment: ShipmentView, _: unknown, context: TransportContext) {
  requireServiceRep(context);
  const refs = new Map((await context.loaders.timeline.load(shipment.id)).map((f) => [f.key, { source: f.source, id: f.eventId }]));
  const held = await context.pipeline.held.byMembers(await context.pipeline.held.members(undefined, 10_000));
  for (const h of held)
    if (h && h.entry.event.subject === shipment.id) refs.set(h.key, { source: h.entry.event.source, id: h.entry.event.id });
  const letters = await context.pipeline.deadLetters.getMany(await context.pipeline.deadLetters.ids(undefined, 10_000));
  for (const l of letters)
    if (l && l.subject === shipment.id && l.source && l.eventId) refs.set(`${l.source}|${l.eventId}`, { source: l.source, id: l.eventId });
  const traces = await context.tracer.traceMany([...refs.values()]);
  // As they happened; events of the same moment (a reaction and its cause) in log order.
  const order = (t: { occurredAt: string | null; position: string | null }) => [t.occurredAt ?? '', t.position ?? ''];
  return traces
    .filter((t) => t !== null)
    .sort((a, b) => {
      const [x, y] = [order(a), order(b)];
      return x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
    });
}
