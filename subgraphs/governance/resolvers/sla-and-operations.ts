import { paginate } from '../../../lib/graphql/connection';
import type { GovernanceContext } from '../context';
import { requireServiceRep } from './require-service-rep';
import { operationsOverview } from '../operations/operations-overview';
import type { SlaBreachRow } from '../sla/open-breaches';
import { openSlaBreaches } from '../sla/open-breaches';

/** Service reps' SLA breaches and operations overview (docs/governance.md), from the shipment watch and the pipeline. */
export const slaAndOperationsQueries = {
  async slaBreaches(_: unknown, args: { first: number; after?: string | null }, context: GovernanceContext) {
    requireServiceRep(context);
    await context.watch.catchUp(context.changes);
    const rows = await openSlaBreaches(context.watch, context.pipeline, context.governance);
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
  operationsOverview(_: unknown, __: unknown, context: GovernanceContext) {
    requireServiceRep(context);
    return operationsOverview(context);
  },
};
