import type { ServiceMap } from '@apollo/gateway';
import { createHash } from 'node:crypto';
import type { DocumentNode, ExecutionResult } from 'graphql';
import { GraphQLError, print } from 'graphql';
import { ErrorCode, NotFoundError } from '../../lib/errors';
import type { AsyncQueue } from '../../lib/graphql/async-queue';
import { decodeCursor } from '../../lib/graphql/cursor';
import type { Identity } from '../../lib/identity/identity';
import { Role } from '../../lib/identity/identity';
import type { Logger } from '../../lib/logger';
import { DEFAULTS } from '../../lib/settings';
import { EntityBatcher } from './entity-batcher';
import { EntityVisibility } from './entity-visibility';
import type { FederatedPlanner } from './federated-planner';
import { LiveSubscriber } from './live-subscriber';
import { REPLAYS_PER_PRINCIPAL, ReplayBudget } from './replay-budget';
import type { Narrowing } from './resumable-operation';
import { resumableOperation } from './resumable-operation';
import type { StreamSource } from './shared-stream';
import { SharedStream } from './shared-stream';
import type { UpdateSink } from './update-sink';
import { UpdateTicks } from './update-ticks';
import type { UpstreamSubscriptions } from './upstream-subscriptions';

export interface SubscribeRequest {
  document: DocumentNode;
  operationName?: string | null;
  variables: Record<string, unknown>;
  identity: Identity;
  /** A resume point given outside the operation (SSE's `Last-Event-ID`); wins over `after`. */
  resumeAfter?: string;
  /** Where updates are written when the transport writes them itself; the returned queue then carries only the end. */
  sink?: UpdateSink;
}

export interface HubOptions {
  /** Undelivered updates one subscriber may have before it gets UPDATES_MISSED (`LADING_SUBSCRIPTION_BUFFER`). */
  maxBufferedUpdates?: number;
  /** Replays one principal may run at once (default REPLAYS_PER_PRINCIPAL); more wait for a slot. */
  replays?: ReplayBudget;
  /** Told once per turn of the event loop in which updates started resolving, with how many (metrics). */
  onTick?: (updates: number) => void;
}

/**
 * Who may see the same results: every customer's users see the same shipments, and so do all
 * service reps. Subscribers in one scope asking the same thing share one upstream subscription.
 */
function scopeOf(identity: Identity): Identity {
  const scope = identity.role === Role.Customer ? `customer:${identity.customerId}` : identity.role;
  return { sub: `subscriptions:${scope}`, role: identity.role, customerId: identity.customerId };
}

function sharingKey(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  scope: Identity,
): string {
  const sorted = JSON.stringify(variables, Object.keys(variables).sort());
  return createHash('sha256')
    .update(`${scope.sub}\u0000${operationName ?? ''}\u0000${sorted}\u0000${print(document)}`)
    .digest('hex');
}

/**
 * Executes federated subscriptions: one upstream subscription and one resolution per event for all
 * subscribers of the same (operation, variables without `after` and without a narrowing argument such
 * as `shipmentId`, scope). A subscriber with `after`
 * replays its own gap through an upstream of its own, then joins the shared stream exactly where
 * its replay meets it (docs/subscriptions.md, "Delivery contract").
 */
export class SubscriptionHub {
  private readonly shared = new Map<string, SharedStream>();
  private readonly maxBuffered: number;
  private readonly replays: ReplayBudget;
  private readonly visibility: EntityVisibility;
  /** Entity fetches of every stream's updates, one request per subgraph, identity and query per tick. */
  private readonly batcher: EntityBatcher;
  private readonly ticks: UpdateTicks;

  constructor(
    private readonly planner: FederatedPlanner,
    serviceMap: ServiceMap,
    private readonly upstream: UpstreamSubscriptions,
    private readonly logger: Logger,
    options: HubOptions = {},
  ) {
    this.maxBuffered = options.maxBufferedUpdates ?? DEFAULTS.LADING_SUBSCRIPTION_BUFFER;
    this.replays = options.replays ?? new ReplayBudget(REPLAYS_PER_PRINCIPAL);
    this.visibility = new EntityVisibility(serviceMap, logger);
    this.batcher = new EntityBatcher(serviceMap);
    this.ticks = new UpdateTicks(options.onTick ?? (() => undefined));
  }

  /** Upstream subscriptions currently shared (each counts once). */
  get upstreamCount(): number {
    return this.shared.size;
  }

  /**
   * Errors of an operation that cannot be run as a federated subscription (none when it can). The
   * planner's own message stays in the log: it names supergraph internals.
   */
  check(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): GraphQLError[] | null {
    const operation = resumableOperation(this.planner.apiSchema, document, operationName, variables);
    try {
      if (operation?.after) decodeCursor(operation.after);
    } catch (error) {
      return [error as GraphQLError];
    }
    try {
      const planned = this.planner.plan(operation?.document ?? document, operationName);
      if (planned.plan.node?.kind === 'Subscription') return null;
      this.logger.info('subscription refused: its plan has no subscription fetch', { operationName });
    } catch (error) {
      this.logger.warn('subscription refused: the planner cannot plan it', { operationName, error });
    }
    return [new GraphQLError('this subscription cannot be planned over the supergraph', { extensions: { code: ErrorCode.BadUserInput } })];
  }

  subscribe(request: SubscribeRequest): AsyncQueue<ExecutionResult> {
    const scope = scopeOf(request.identity);
    const operation = resumableOperation(this.planner.apiSchema, request.document, request.operationName, request.variables);
    const document = operation?.document ?? request.document;
    const variables = operation?.variables ?? request.variables;
    const key = sharingKey(document, request.operationName, variables, scope);
    const resumeFrom = operation ? (request.resumeAfter ?? operation.after) : undefined;
    const after = resumeFrom ? { cursor: resumeFrom, id: decodeCursor(resumeFrom) } : undefined;
    const stream = this.shared.get(key) ?? this.open(key, { ...request, document, variables }, scope, operation?.rootName);
    const narrowedTo = operation?.narrowing?.id ?? null;
    const subscriber: LiveSubscriber = new LiveSubscriber(
      after,
      this.maxBuffered,
      async () => {
        stream.remove(subscriber, narrowedTo);
        if (stream.size === 0 && this.shared.get(key) === stream) {
          this.shared.delete(key);
          await stream.stop();
        }
      },
      request.sink,
    );
    stream.add(subscriber, narrowedTo);
    if (operation?.narrowing && narrowedTo !== null) void this.requireVisible(subscriber, stream, operation.narrowing, narrowedTo);
    if (after) void this.replay(subscriber, stream, after.cursor, request.identity, narrowedTo);
    return subscriber.queue;
  }

  /**
   * The shared upstream no longer names the subscriber's entity, so the hub asks whether it exists
   * for this scope: if not, the subscriber gets NOT_FOUND, as from the subgraph itself. It cannot
   * receive anything meanwhile: the upstream only carries entities of its scope.
   */
  private async requireVisible(subscriber: LiveSubscriber, stream: SharedStream, narrowing: Narrowing, id: string): Promise<void> {
    const { primary, scope } = stream.source;
    if (await this.visibility.visible(primary.serviceName, scope, narrowing.typename, id)) return;
    subscriber.refuse(new NotFoundError(narrowing.field, id));
  }

  /** The subscriber's own gap, from its `after` until it meets the shared live stream. */
  private async replay(
    subscriber: LiveSubscriber,
    stream: SharedStream,
    after: string,
    identity: Identity,
    key: string | null,
  ): Promise<void> {
    const principal = identity.sub;
    const gone = () => subscriber.closed;
    const release = await this.replays.slot(principal, gone);
    if (!release) return;
    const own = stream.open(after);
    // The client left: stop replaying at once.
    void subscriber.queue.closedPromise.then(() => own.return());
    try {
      for await (const event of own) {
        if (gone()) break;
        // The shared operation replays every entity of the scope; this subscriber takes its own.
        if (!stream.concerns(event, key)) continue;
        await this.replays.charge(identity, gone);
        const delivery = await stream.resolve(event);
        if (!delivery.cursor && delivery.result.errors) {
          // Refused upstream (cursor too old, not found): the subscriber's only answer.
          subscriber.queue.fail(errorOf(delivery.result.errors[0]));
          break;
        }
        if (subscriber.offerReplayed(delivery)) break;
      }
    } catch (error) {
      this.logger.warn('replay for a resuming subscriber failed', { error });
      subscriber.miss('its replay was interrupted');
    } finally {
      release();
      await own.return();
    }
  }

  private open(key: string, request: SubscribeRequest, scope: Identity, rootName: string | undefined): SharedStream {
    const planned = this.planner.plan(request.document, request.operationName);
    const node = planned.plan.node;
    if (node?.kind !== 'Subscription')
      throw new GraphQLError('not a subscription operation', { extensions: { code: ErrorCode.BadUserInput } });
    const { primary, rest } = node;
    const variables = Object.fromEntries(
      (primary.variableUsages ?? []).filter((v) => v in request.variables).map((v) => [v, request.variables[v]]),
    );
    const source: StreamSource = {
      execution: {
        planner: this.planner,
        planned,
        variables: request.variables,
        context: { identity: scope },
        serviceMap: this.batcher.serviceMap,
        logger: this.logger,
      },
      primary,
      rest,
      variables,
      scope,
      rootName,
      ticks: this.ticks,
    };
    const stream: SharedStream = new SharedStream(source, this.upstream, this.logger, () => {
      if (this.shared.get(key) === stream) this.shared.delete(key);
    });
    this.shared.set(key, stream);
    return stream;
  }

  async dispose(): Promise<void> {
    const streams = [...this.shared.values()];
    this.shared.clear();
    await Promise.all(streams.map((stream) => stream.stop()));
  }
}

function errorOf(error: { message: string; extensions?: Record<string, unknown> }): GraphQLError {
  return new GraphQLError(error.message, { extensions: error.extensions ?? {} });
}
