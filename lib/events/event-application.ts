import type { SubgraphName } from '../subgraph-names';
import type { AppliedMarker } from './applied-markers';

/**
 * What one subgraph did with one event, answered by that subgraph from its own store: the field
 * `EventTrace.<subgraph>Application` of the graph, hidden from clients. The trace's owner reads
 * it through the gateway (`@requires`) and never the subgraph's store.
 */
export interface EventApplication {
  /** Whether the subgraph applies events of this type at all (a trace lists only those that do). */
  consumes: boolean;
  /** Null when not applied (yet), or when its marker is older than the retention window. */
  appliedAt: string | null;
  /** The log position it applied. */
  position: string | null;
  /** When it held the event before applying it, and why. */
  heldAt: string | null;
  heldReason: string | null;
}

/** The name of a subgraph's field on `EventTrace`: every subgraph's SDL spells it this way. */
export type ApplicationField = `${SubgraphName}Application`;

export const applicationField = (subgraph: SubgraphName): ApplicationField => `${subgraph}Application`;

/** A subgraph's answer from whether it consumes the type and its applied marker, if it keeps one. */
export function eventApplication(consumes: boolean, marker: AppliedMarker | null): EventApplication {
  return {
    consumes,
    appliedAt: marker?.appliedAt ?? null,
    position: marker?.position ?? null,
    heldAt: marker?.held?.heldAt ?? null,
    heldReason: marker?.held?.reason ?? null,
  };
}
