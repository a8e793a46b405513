import { paginate } from '../../../lib/graphql/connection';
import type { DeadLetter } from '../../../lib/events/dead-letters';
import type { HeldEvent } from '../../../lib/events/held-events';
import type { GovernanceContext } from '../context';
import { requireServiceRep } from './require-service-rep';

interface PageArgs {
  first: number;
  after?: string | null;
}

/** Service reps' view of the event pipeline: what waits, what failed, and replay. */
export const eventOperationQueries = {
  heldEvents(_: unknown, args: PageArgs, context: GovernanceContext) {
    requireServiceRep(context);
    const held = context.pipeline.held;
    const source = { range: held.members.bind(held), load: held.byMembers.bind(held), total: held.count.bind(held) };
    return paginate<HeldEvent>(source, args.first, args.after);
  },
  deadLetters(_: unknown, args: PageArgs, context: GovernanceContext) {
    requireServiceRep(context);
    const letters = context.pipeline.deadLetters;
    const source = { range: letters.ids.bind(letters), load: letters.getMany.bind(letters), total: letters.count.bind(letters) };
    return paginate<DeadLetter>(source, args.first, args.after);
  },
};

export const eventOperationMutations = {
  replayDeadLetter(_: unknown, args: { id: string }, context: GovernanceContext) {
    requireServiceRep(context);
    return context.pipeline.replayDeadLetter(args.id);
  },
};

export const HeldEventNode = {
  id: (h: HeldEvent) => h.key,
  type: (h: HeldEvent) => h.entry.event.type,
  subject: (h: HeldEvent) => h.entry.event.subject,
  source: (h: HeldEvent) => h.entry.event.source,
};
