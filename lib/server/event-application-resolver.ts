import DataLoader from 'dataloader';
import type { AppliedMarker } from '../events/applied-markers';
import { readAppliedMarkers } from '../events/applied-markers';
import type { EventApplication } from '../events/event-application';
import { applicationField, eventApplication } from '../events/event-application';
import type { EventType } from '../events/types';
import { eventKey, isEventType, routeOf } from '../events/types';
import type { Identity } from '../identity/identity';
import { Role, requireIdentity, requireRole } from '../identity/identity';
import type { DocumentStore } from '../store/document-store';
import type { SubgraphName } from '../subgraph-names';

/** What the gateway hands a subgraph for `EventTrace.<subgraph>Application`: the key and the required `type` and `subject`. */
export interface TraceRepresentation {
  source: string;
  id: string;
  type?: string | null;
  subject?: string | null;
}

/** Every subgraph's context carries the caller's identity. */
type TraceContext = { identity: Identity | null };

type ApplicationResolver = (trace: TraceRepresentation, args: unknown, context: TraceContext) => Promise<EventApplication>;

/**
 * The resolver of `EventTrace.<subgraph>Application` for any subgraph that applies events, from its
 * handlers (which types it consumes) and its own store (its applied markers). The subgraph service
 * adds it (subgraph-service.ts), so the subgraphs declare the field in their SDL and write no code.
 */
export function eventApplicationResolvers(
  subgraph: SubgraphName,
  consumes: (type: EventType) => boolean,
  documents: DocumentStore,
  retentionMs: number,
): { EventTrace: Record<string, ApplicationResolver> } {
  // One loader per request (the context object is the request's), so the markers of every trace in
  // one _entities call are read together and nothing is cached across requests.
  const loaders = new WeakMap<object, DataLoader<TraceRepresentation, AppliedMarker | null, string>>();
  const markers = (context: object) => {
    let loader = loaders.get(context);
    if (!loader) {
      // A marker lives with its event's aggregate: the trace's subject (lib/events/types.ts routeOf).
      loader = new DataLoader(
        (traces) =>
          readAppliedMarkers(
            documents,
            traces.map((t) => eventKey(t)),
            traces.map((t) => routeOf({ subject: t.subject ?? '' })),
            retentionMs,
          ),
        { cacheKeyFn: (t) => eventKey(t) },
      );
      loaders.set(context, loader);
    }
    return loader;
  };
  return {
    EventTrace: {
      [applicationField(subgraph)]: async (trace, _args, context) => {
        // Traces are service reps' (the owner refuses anyone else first); a subgraph holds the same line.
        requireRole(requireIdentity(context.identity), Role.ServiceRep);
        if (!isEventType(trace.type) || !consumes(trace.type)) return eventApplication(false, null);
        return eventApplication(true, await markers(context).load(trace));
      },
    },
  };
}
