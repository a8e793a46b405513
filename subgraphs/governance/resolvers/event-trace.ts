import type { ApplicationField, EventApplication } from '../../../lib/events/event-application';
import { applicationField } from '../../../lib/events/event-application';
import { eventKey } from '../../../lib/events/types';
import type { SystemOfRecordName } from '../../../lib/subgraph-names';
import { SYSTEM_OF_RECORD_NAMES } from '../../../lib/subgraph-names';
import type { GovernanceContext } from '../context';
import { requireServiceRep } from './require-service-rep';
import type { EventTrace } from '../traces/event-trace';
import { subgraphTraces } from '../traces/subgraph-traces';

type EventRef = { source: string; id: string };

/** A trace as the gateway hands it back for `subgraphs`: its key and each consumer's answer (`@requires`). */
type TraceWithApplications = EventTrace & Partial<Record<ApplicationField, EventApplication>>;

/**
 * The planner comes back with what every consumer answered for its own store; the trace is rebuilt
 * from the log beside those answers (one scan for every trace of the request).
 */
async function resolveTrace(reference: EventRef, context: GovernanceContext): Promise<TraceWithApplications | null> {
  requireServiceRep(context);
  const trace = await context.traces.load({ source: reference.source, id: reference.id });
  return trace && { ...reference, ...trace };
}

function subgraphs(trace: TraceWithApplications, _: unknown, context: GovernanceContext) {
  const applications: Partial<Record<SystemOfRecordName, EventApplication>> = {};
  for (const name of SYSTEM_OF_RECORD_NAMES) applications[name] = trace[applicationField(name)];
  return subgraphTraces(trace.log, applications, context.pipeline.retentionMs, Date.now());
}

export const EventTraceNode = { __resolveReference: resolveTrace, subgraphs };

export const eventTraceQueries = {
  eventTrace(_: unknown, args: EventRef, context: GovernanceContext) {
    requireServiceRep(context);
    return context.tracer.trace(args.source, args.id);
  },
};

/** As they happened; events of the same moment (a reaction and its cause) in log order. */
function byOccurrence(a: EventTrace, b: EventTrace): number {
  const [x, y] = [
    [a.occurredAt ?? '', a.position ?? ''],
    [b.occurredAt ?? '', b.position ?? ''],
  ];
  return x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
}

/**
 * Every event that touched a shipment: the events transport recorded as its facts (required through
 * the graph: only transport knows which events a shipment's facts come from), and what the pipeline
 * holds or dead-lettered about it.
 */
async function eventTraces(shipment: { id: string; factEvents?: readonly EventRef[] }, _: unknown, context: GovernanceContext) {
  requireServiceRep(context);
  const { held, deadLetters } = context.pipeline;
  const refs = new Map((shipment.factEvents ?? []).map((ref) => [eventKey(ref), { source: ref.source, id: ref.id }]));
  for (const h of await held.byMembers(await held.members(undefined, 10_000)))
    if (h && h.entry.event.subject === shipment.id) refs.set(h.key, { source: h.entry.event.source, id: h.entry.event.id });
  for (const l of await deadLetters.getMany(await deadLetters.ids(undefined, 10_000)))
    if (l && l.subject === shipment.id && l.source && l.eventId)
      refs.set(eventKey({ source: l.source, id: l.eventId }), { source: l.source, id: l.eventId });
  const traces = await context.tracer.traceMany([...refs.values()]);
  return traces.filter((t) => t !== null).sort(byOccurrence);
}

export const ShipmentNode = { eventTraces };
