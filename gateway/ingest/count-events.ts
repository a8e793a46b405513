import { isEventType } from '../../lib/events/types';
import type { Metrics } from '../../lib/server/metrics';

/** The doors events come in by, as the `route` label of `lading_events_total`. */
export type IngestRoute = '/events' | '/edi/x12-214' | '/dcsa/events';

/** Counts each event's result in `lading_events_total` by canonical type and the door it came in by. */
export function countEvents(metrics: Metrics, route: IngestRoute, outcomes: readonly { type?: unknown; status: string }[]): void {
  for (const { type, status } of outcomes) {
    // Only canonical types become label values: client strings would make the metric unbounded.
    metrics.eventsIngested.inc({ type: isEventType(type) ? type : 'unknown', result: status, route });
  }
}
