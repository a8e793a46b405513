import type { ExecutionResult, GraphQLError } from 'graphql';
import { AsyncQueue } from '../../lib/graphql/async-queue';
import type { Delivery } from './delivery';
import { updatesMissed } from './delivery';
import { updateCoveredBy } from '../../lib/graphql/update-cursor';
import { RecentIds } from './recent-ids';
import type { UpdateSink } from './update-sink';

/**
 * One subscriber of a shared stream. It keeps the delivery contract for itself: updates in log
 * order, none twice (an update it already has, or one at or before its `after`, is dropped), and a
 * bounded backlog. Past `limit` undelivered updates it falls behind: further updates wait in
 * `behind`, the latest of each shipment only (a newer update of a shipment replaces the older one and
 * takes its place in log order: it carries the shipment's whole state), and are written as the backlog
 * drains. Only when more than `limit` shipments are waiting does it end with UPDATES_MISSED and the
 * cursor of the last update it will still receive, so it can resume; nobody else waits for it.
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
  /** While behind: the latest waiting update of each shipment, in log order (Map order: delete, then set). */
  private readonly behind = new Map<string, Delivery>();
  /** Results that name no shipment (errors) wait too, each under a key of its own. */
  private unkeyed = 0;
  lastCursor?: string;

  constructor(
    after: { cursor: string; id: string } | undefined,
    private readonly limit: number,
    onLeave: () => void | Promise<void>,
    /** When the transport writes updates itself (graphql-ws); otherwise they go through `queue`. */
    private readonly sink?: UpdateSink,
  ) {
    this.queue = new AsyncQueue(onLeave, () => this.catchUp());
    sink?.whenFlushed(() => this.catchUp());
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
    this.end();
  }

  /** The stream ended: what is waiting is written (at most `limit` shipments' worth), then the end. */
  end(): void {
    for (const delivery of this.behind.values()) this.write(delivery);
    this.behind.clear();
    this.queue.end();
  }

  /** Ends with UPDATES_MISSED: whatever is queued is still delivered first; what waits behind is not. */
  miss(reason: string): void {
    this.behind.clear();
    this.queue.fail(updatesMissed(reason, this.lastCursor));
  }

  private get backlog(): number {
    return this.sink ? this.sink.backlog : this.queue.buffered;
  }

  private offer(delivery: Delivery): void {
    if (this.queue.closed) return;
    if (delivery.position !== undefined && this.seen(delivery)) return;
    if (this.behind.size === 0 && this.backlog < this.limit) return this.write(delivery);
    const key = typeof delivery.key === 'string' ? delivery.key : `\u0000${this.unkeyed++}`;
    this.behind.delete(key);
    this.behind.set(key, delivery);
    if (this.behind.size > this.limit) this.miss('the subscriber did not keep up');
  }

  /** The backlog shrank: what waits behind is written, oldest first, while there is room. */
  private catchUp(): void {
    for (const [key, delivery] of this.behind) {
      if (this.queue.closed || this.backlog >= this.limit) return;
      this.behind.delete(key);
      this.write(delivery);
    }
  }

  private write(delivery: Delivery): void {
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
