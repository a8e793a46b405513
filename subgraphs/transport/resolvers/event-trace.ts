import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import type { ApplicationField, EventApplication } from '../../../lib/events/event-application';
import { applicationField } from '../../../lib/events/event-application';
import { Role, requireIdentity, requireRole } from '../../../lib/identity/identity';
import type { SystemOfRecordName } from '../../../lib/subgraph-names';
import { SYSTEM_OF_RECORD_NAMES } from '../../../lib/subgraph-names';
import type { TransportContext } from '../context';
import type { EventTrace } from '../governance/event-trace';
import { subgraphTraces } from '../governance/subgraph-traces';

/** A trace as the gateway hands it back for `subgraphs`: its key and each consumer's answer (`@requires`). */
type TraceWithApplications = EventTrace & Partial<Record<ApplicationField, EventApplication>>;

/**
 * The trace's own part: the planner comes back with the applications the other subgraphs answered,
 * and the trace is rebuilt from the log (one scan for every trace of the request) beside them.
 */
async function resolveTrace(reference: { source: string; id: string }, context: TransportContext): Promise<TraceWithApplications | null> {
  requireRole(requireIdentity(context.identity), Role.ServiceRep);
  const trace = await context.traces.load({ source: reference.source, id: reference.id });
  return trace && { ...reference, ...trace };
}

async function subgraphs(trace: TraceWithApplications, args: unknown, context: TransportContext, info: GraphQLResolveInfo) {
  if (trace.log.entries.length === 0) return [];
  const applications: Partial<Record<SystemOfRecordName, EventApplication>> = {};
  for (const name of SYSTEM_OF_RECORD_NAMES) applications[name] = trace[applicationField(name)];
  // Transport owns the trace and consumes events too: its own answer is the field the others get
  // through the graph, resolved here in-process (@requires names only other subgraphs' fields).
  const own = info.parentType.getFields()[applicationField('transport')].resolve as GraphQLFieldResolver<unknown, TransportContext>;
  applications.transport = (await own(trace, args, context, info)) as EventApplication;
  return subgraphTraces(trace.log, applications, context.pipeline.retentionMs, Date.now());
}

export const EventTraceNode = { __resolveReference: resolveTrace, subgraphs };
