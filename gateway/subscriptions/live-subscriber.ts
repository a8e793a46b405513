import type { ExecutionResult, GraphQLError } from 'graphql';
import { AsyncQueue } from '../../lib/graphql/async-queue';
import type { Delivery } from './delivery';
import { updatesMissed } from './delivery';
import { updateCoveredBy } from '../../lib/graphql/update-cursor';
import { RecentIds } from './recent-ids';
import type { UpdateSink } from './update-sink';

/**
 * One subscriber of a shared stream. It keeps the delivery contract for itself: updates in log
 * order, none twice (an update it already has, or one at or before its `after`, is dropped), and a bounded backlog:
 * past `limit` undelivered updates it ends with UPDATES_MISSED and the cursor of the last update it
 * will still receive, so it can resume; nobody else waits for it.
 *
 * While it replays its own gap (`after`), live updates of the shared stream are held in `pending`;
 * it joins the live stream once its replay has reached the first of them.
 */
export class LiveSubscriber {
  readonly queue: AsyncQueue<ExecutionResult>;
  /** Everything at or before the subscriber's own `after` cursor is already its (lib/changes/change-ids.ts). */
  private readonly floor?: string;
  /**
   * Ids of the updates its own replay delivered, so that the live updates held meanwhile are not
   * delivered twice (by id, not position: live updates can arrive out of log order when several
   * instances apply events). Only a resuming subscriber has one; the live stream itself is
   * deduplicated once for all its subscribers (`SharedStream`), so a live subscriber costs no set.
   */
  private readonly replayed?: RecentIds;
  private pending: Delivery[] | null;
  lastCursor?: string;

  constructor(
    after: { cursor: string; id: string } | undefined,
    private readonly limit: number,
    onLeave: () => void | Promise<void>,
    /** When the transport writes updates itself (graphql-ws); otherwise they go through `queue`. */
    private readonly sink?: UpdateSink,
  ) {
    this.queue = new AsyncQueue(onLeave);
    this.pending = after ? [] : null;
    this.replayed = after ? new RecentIds() : undefined;
    this.floor = after?.cursor;
    this.lastCursor = after?.cursor;
  }

  get replaying(): boolean {
    return this.pending !== null;
  }

  get closed(): boolean {
    return this.queue.closed;
  }

  /** An update of the shared live stream. */
  offerLive(delivery: Delivery): void {
    if (!this.pending) return this.offer(delivery);
    if (this.pending.length >= this.limit) return this.miss('too many live updates arrived during the replay');
    this.pending.push(delivery);
  }

  /** An update of this subscriber's own replay; true once it has joined the live stream. */
  offerReplayed(delivery: Delivery): boolean {
    this.offer(delivery);
    return this.tryJoin();
  }

  /** Joins when the replay has delivered the first held live update (the rest follow, deduplicated). */
  tryJoin(): boolean {
    if (!this.pending) return true;
    const first = this.pending[0];
    if (!first || !this.seen(first)) return false;
    const held = this.pending;
    this.pending = null;
    for (const delivery of held) this.offer(delivery);
    return true;
  }

  /** Answers with an error instead of updates (e.g. NOT_FOUND), and ends. */
  refuse(error: GraphQLError): void {
    this.offer({ result: { errors: [error] } });
    this.queue.end();
  }

  /** Ends with UPDATES_MISSED: whatever is queued is still delivered first. */
  miss(reason: string): void {
    this.queue.fail(updatesMissed(reason, this.lastCursor));
  }

  private offer(delivery: Delivery): void {
    if (this.queue.closed) return;
    if (delivery.position !== undefined && this.seen(delivery)) return;
    const backlog = this.sink ? this.sink.backlog : this.queue.buffered;
    if (backlog >= this.limit) return this.miss('the subscriber did not keep up');
    if (this.sink) this.sink.write(delivery);
    else this.queue.push(delivery.result);
    this.remember(delivery);
  }

  private seen(delivery: Delivery): boolean {
    if (delivery.id === undefined) return false;
    if (this.replayed?.has(delivery.id) === true) return true;
    return this.floor !== undefined && delivery.position !== undefined && updateCoveredBy(delivery.position, this.floor);
  }

  private remember(delivery: Delivery): void {
    if (delivery.id === undefined) return;
    if (this.pending) this.replayed?.add(delivery.id);
    this.lastCursor = delivery.cursor;
  }
}
