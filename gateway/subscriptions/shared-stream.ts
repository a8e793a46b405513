import type { FetchNode, PlanNode } from '@apollo/query-planner';
import type { ExecutionResult } from 'graphql';
import type { AsyncQueue } from '../../lib/graphql/async-queue';
import type { Identity } from '../../lib/identity/identity';
import type { Logger } from '../../lib/logger';
import type { Delivery } from './delivery';
import { MAX_REPRESENTATIONS } from './entity-batcher';
import { deliveryOf } from './delivery';
import type { LiveSubscriber } from './live-subscriber';
import { OrderedResolutions } from './ordered-resolutions';
import { RecentIds } from './recent-ids';
import type { FederatedExecution } from './plan-executor';
import { executeSubscriptionEvent } from './plan-executor';
import { AFTER_VARIABLE, CURSOR_ALIAS, KEY_ALIAS } from './resumable-operation';
import type { UpdateTicks } from './update-ticks';
import type { UpstreamSubscriptions } from './upstream-subscriptions';
import { UpstreamInterrupted } from './upstream-subscriptions';

export interface StreamSource {
  execution: FederatedExecution;
  primary: FetchNode;
  rest: PlanNode | undefined;
  /** The primary fetch's variables, without the resume point. */
  variables: Record<string, unknown>;
  scope: Identity;
  /** Response name of the root field, when the operation is resumable (carries a cursor). */
  rootName?: string;
  /** Where each update that starts resolving is counted, per turn of the event loop. */
  ticks?: UpdateTicks;
}

/** Subscribers that asked for every update of the stream, not one entity's. */
const EVERY = '';

/**
 * Events of one stream being resolved at once; more wait, which holds the upstream back. The events
 * read in one tick resolve together (their entity fetches are one request per subgraph,
 * `EntityBatcher`), so this is what one burst tick may take: one full request's worth.
 */
const RESOLVING_AT_ONCE = MAX_REPRESENTATIONS;

/** Attempts to resume a lost upstream before its subscribers are told they missed updates. */
const RESUME_ATTEMPTS = 8;
/** Resumes back off from 100 ms, doubling, to this: a subgraph restart is ridden out without hammering it. */
const RESUME_BACKOFF_CAP_MS = 2000;

/**
 * One upstream subscription shared by every subscriber asking the same thing in the same scope,
 * whichever entity each narrowed it to (`shipmentId`): subscribers are grouped by that entity, an
 * event nobody wants is not resolved, and one that is wanted is resolved once (one entity fetch per
 * subgraph) and the same result goes to every subscriber of its entity and to those who take all.
 * When the connection to the subgraph is lost, it resubscribes from the last cursor it delivered,
 * never from the original variables, so nobody loses or repeats an update.
 */
export class SharedStream {
  private readonly groups = new Map<string, Set<LiveSubscriber>>();
  private count = 0;
  private lastCursor?: string;
  /** Live updates already handed out: an upstream resumed from `lastCursor` may send one again. */
  private readonly offered = new RecentIds();
  private upstream?: AsyncQueue<ExecutionResult>;
  private stopped = false;

  constructor(
    readonly source: StreamSource,
    private readonly upstreams: UpstreamSubscriptions,
    private readonly logger: Logger,
    private readonly onEnd: () => void,
  ) {
    void this.run();
  }

  /** Subscribers, over all entities. */
  get size(): number {
    return this.count;
  }

  /** `key`: the entity the subscriber narrowed to, or null for every update. */
  add(subscriber: LiveSubscriber, key: string | null): void {
    const group = this.groups.get(key ?? EVERY) ?? new Set();
    this.groups.set(key ?? EVERY, group);
    group.add(subscriber);
    this.count++;
  }

  remove(subscriber: LiveSubscriber, key: string | null): void {
    const group = this.groups.get(key ?? EVERY);
    if (!group?.delete(subscriber)) return;
    this.count--;
    if (group.size === 0) this.groups.delete(key ?? EVERY);
  }

  /** Whether anyone of the stream wants an upstream event; results that are not updates go to everyone. */
  wanted(event: ExecutionResult): boolean {
    const of = this.keyOf(event);
    return of === undefined || this.groups.has(EVERY) || (of !== null && this.groups.has(of));
  }

  /** Whether an upstream event is for a subscriber narrowed to `key` (null: it takes every update). */
  concerns(event: ExecutionResult, key: string | null): boolean {
    const of = this.keyOf(event);
    return of === undefined || key === null || of === key;
  }

  /** An upstream of the same operation starting after `after`: a resuming subscriber's own replay. */
  open(after: string | null | undefined): AsyncQueue<ExecutionResult> {
    const { primary, variables, scope, rootName } = this.source;
    const resume = rootName ? { [AFTER_VARIABLE]: after ?? null } : {};
    return this.upstreams.subscribe(primary.serviceName, scope, primary.operation, { ...variables, ...resume });
  }

  /** Resolves one upstream event into the result every subscriber receives. */
  async resolve(event: ExecutionResult): Promise<Delivery> {
    const { execution, primary, rest, rootName } = this.source;
    if (!event.data) return { result: event };
    this.source.ticks?.note();
    const result = await executeSubscriptionEvent(execution, primary, rest, event.data);
    if (!rootName) return { result };
    const cursor = (event.data[rootName] as Record<string, unknown> | null)?.[CURSOR_ALIAS];
    const root = result.data?.[rootName] as Record<string, unknown> | null | undefined;
    if (root && (CURSOR_ALIAS in root || KEY_ALIAS in root)) {
      const { [CURSOR_ALIAS]: _cursor, [KEY_ALIAS]: _key, ...asked } = root;
      result.data = { ...result.data, [rootName]: asked };
    }
    return { ...deliveryOf(result, cursor), key: this.keyOf(event) };
  }

  /**
   * The entity an update is about (`KEY_ALIAS`); null for an update that names none (only subscribers
   * taking every update get it); undefined for a result that is not an update (everyone gets it).
   */
  private keyOf(event: ExecutionResult): string | null | undefined {
    if (!event.data) return undefined;
    const { rootName } = this.source;
    const root = rootName ? (event.data[rootName] as Record<string, unknown> | null | undefined) : undefined;
    const id = (root?.[KEY_ALIAS] as { id?: unknown } | null | undefined)?.id;
    return typeof id === 'string' ? id : null;
  }

  /** An event nobody wants: not resolved, only its cursor is kept (where to resume). */
  private passed(event: ExecutionResult): Delivery {
    const { rootName } = this.source;
    const cursor = rootName ? (event.data?.[rootName] as Record<string, unknown> | null | undefined)?.[CURSOR_ALIAS] : undefined;
    return { result: {}, cursor: typeof cursor === 'string' ? cursor : undefined, passed: true };
  }

  private offer(delivery: Delivery): void {
    if (delivery.key === undefined) {
      for (const group of this.groups.values()) for (const subscriber of group) subscriber.offerLive(delivery);
      return;
    }
    if (delivery.key !== null) for (const subscriber of this.groups.get(delivery.key) ?? []) subscriber.offerLive(delivery);
    for (const subscriber of this.groups.get(EVERY) ?? []) subscriber.offerLive(delivery);
  }

  stop(): Promise<unknown> {
    this.stopped = true;
    return this.upstream?.return() ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let outcome: 'ended' | 'lost' = 'ended';
    while (!this.stopped) {
      this.upstream = this.open(this.lastCursor);
      try {
        // Events are resolved concurrently (entity fetches overlap) but handed over in arrival order.
        const inOrder = new OrderedResolutions(RESOLVING_AT_ONCE, (delivery) => {
          if (delivery.id !== undefined && !this.offered.add(delivery.id)) return;
          if (delivery.cursor) this.lastCursor = delivery.cursor;
          if (!delivery.passed) this.offer(delivery);
        });
        try {
          for await (const event of this.upstream) {
            attempt = 0;
            await inOrder.add(this.wanted(event) ? this.resolve(event) : Promise.resolve(this.passed(event)));
          }
        } finally {
          // Whatever was received before the end or the interruption is delivered before resuming.
          await inOrder.drain();
        }
        break;
      } catch (error) {
        const resumable = error instanceof UpstreamInterrupted && this.source.rootName !== undefined;
        if (this.stopped) break;
        if (!resumable || ++attempt > RESUME_ATTEMPTS) {
          this.logger.warn('upstream subscription lost', { error, attempts: attempt });
          outcome = 'lost';
          break;
        }
        this.logger.info('upstream subscription interrupted; resuming from its last cursor', { error: error.message, attempt });
        await new Promise((resolve) => setTimeout(resolve, Math.min(RESUME_BACKOFF_CAP_MS, 50 * 2 ** attempt)));
      }
    }
    this.onEnd();
    for (const subscriber of [...this.groups.values()].flatMap((group) => [...group])) {
      if (outcome === 'lost') subscriber.miss('the live stream was interrupted');
      else subscriber.end();
    }
  }
}
