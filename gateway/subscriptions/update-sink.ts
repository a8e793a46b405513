import type { Delivery } from './delivery';

/**
 * Where a transport that writes updates itself takes a subscriber's updates, with no queue and no
 * pump in between: the hub calls `write` in its fan-out loop, in log order. The subscriber's queue
 * then carries only its end (completion, or an error such as UPDATES_MISSED), which the transport
 * sends after everything written.
 */
export interface UpdateSink {
  write(delivery: Delivery): void;
  /** Updates written but not yet handed to the network: what "undelivered" means for the bound. */
  readonly backlog: number;
  /** `listener` is told each time an update has been handed to the network (the backlog shrank). */
  whenFlushed(listener: () => void): void;
}
