import type DataLoader from 'dataloader';
import type { EventPipeline } from '../../lib/events/pipeline';
import type { Identity } from '../../lib/identity/identity';
import type { EventTrace, EventTracer } from './traces/event-trace';

export interface GovernanceContext {
  identity: Identity | null;
  /** The event log and its held events and dead letters: the pipeline's state, which this subgraph reports. */
  pipeline: EventPipeline;
  tracer: EventTracer;
  /** Per request: traces the gateway comes back for (EventTrace entities), rebuilt with one scan of the log. */
  traces: DataLoader<{ source: string; id: string }, EventTrace | null, string>;
}
