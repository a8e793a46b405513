import type { EventPipeline } from '../../lib/events/pipeline';
import type { Identity } from '../../lib/identity/identity';

export interface GovernanceContext {
  identity: Identity | null;
  /** The event log and its held events and dead letters: the pipeline's state, which this subgraph reports. */
  pipeline: EventPipeline;
}
