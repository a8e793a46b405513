import { FetchNode, PlanNode } from '@apollo/query-planner';
import { ExecutionResult } from 'graphql';
import { AsyncQueue } from '../../lib/graphql/async-queue';
import { Identity } from '../../lib/identity/identity';
import { Logger } from '../../lib/logger';
import { Delivery, deliveryOf } from './delivery';
import { LiveSubscriber } from './live-subscriber';
import { OrderedResolutions } from './ordered-resolutions';
import { FederatedExecution, executeSubscriptionEvent } from './plan-executor';
import { AFTER_VARIABLE, CURSOR_ALIAS } from './resumable-operation';
import { UpstreamInterrupted, UpstreamSubscriptions } from './upstream-subscriptions';

export interface StreamSource {
  execution: FederatedExecution;
  primary: FetchNode;
  rest: PlanNode | undefined;
  /** The primary fetch's variables, without the resume point. */
  variables: Record<string, unknown>;
  scope: Identity;
  /** Response name of the root field, when the operation is resumable (carries a cursor). */
  rootName?: string;
}

/** Events of one stream being resolved at once; more wait, which holds the upstream back. */
const RESOLVING_AT_ONCE = 16;

/** Attempts to resume a lost upstream before its subscribers are told they missed updates. */
const RESUME_ATTEMPTS = 8;
/** Resumes back off from 100 ms, doubling, to this: a subgraph restart is ridden out without hammering it. */
const RESUME_BACKOFF_CAP_MS = 2000;

/**
 * One upstream subscription shared by every subscriber asking the same thing in the same scope.
 * Each event is resolved once (one entity fetch per subgraph) and the same result goes to every
 * subscriber. When the connection to the subgraph is lost, it resubscribes from the last cursor it
 * delivered, never from the original variables, so nobody loses or repeats an update.
 */
export class SharedStream {
  readonly subscribers = new Set<LiveSubscriber>();
  private lastCursor?: string;
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
    const result = await executeSubscriptionEvent(execution, primary, rest, event.data);
    if (!rootName) return { result };
    const cursor = (event.data[rootName] as Record<string, unknown> | null)?.[CURSOR_ALIAS];
    const root = result.data?.[rootName] as Record<string, unknown> | null | undefined;
    if (root && CURSOR_ALIAS in root) {
      const { [CURSOR_ALIAS]: _hidden, ...asked } = root;
      result.data = { ...result.data, [rootName]: asked };
    }
    return deliveryOf(result, cursor);
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
          if (delivery.cursor) this.lastCursor = delivery.cursor;
          for (const subscriber of this.subscribers) subscriber.offerLive(delivery);
        });
        try {
          for await (const event of this.upstream) {
            attempt = 0;
            await inOrder.add(this.resolve(event));
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
    for (const subscriber of [...this.subscribers]) {
      if (outcome === 'lost') subscriber.miss('the live stream was interrupted');
      else subscriber.queue.end();
    }
  }
}
