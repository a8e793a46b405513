import type { UnitOfWork } from '../store/unit-of-work';
import type { EventOf } from './event-data';
import { typedEvent } from './event-data';
import type { CanonicalEvent, EventType, LoggedEvent } from './types';

export interface ApplyContext<T extends EventType = EventType> {
  entry: LoggedEvent;
  /** The entry's event, typed: `data` has the shape its type's spec admits. */
  event: EventOf<T>;
  uow: UnitOfWork;
  /** A reaction: an event Lading itself derives, ingested (deduplicated) like any other. */
  emit: (event: CanonicalEvent) => void;
  // What live consumers learn of a change goes on a change stream in this unit of work
  // (`uow.append`, lib/changes), never a callback run after the commit.
}

export type EventHandler<T extends EventType = EventType> = (context: ApplyContext<T>) => Promise<void>;

/** One handler per event type a subgraph keeps; each receives events of its own type only. */
export type EventHandlers = { [T in EventType]?: EventHandler<T> };

/** What the applier hands a handler: the logged entry, its event not yet typed. */
export type UntypedApplyContext = Omit<ApplyContext, 'event'> & { event: CanonicalEvent };

/**
 * Runs the handler for the context's event type, if there is one. TypeScript cannot relate a
 * handler looked up by `type` to the event of that same type, hence the one widening here.
 */
export async function runHandler(handlers: EventHandlers, context: UntypedApplyContext): Promise<void> {
  const event = typedEvent(context.event);
  const handler = handlers[event.type] as EventHandler | undefined;
  await handler?.({ ...context, event });
}
