import { ServiceMap } from '@apollo/gateway';
import { FetchNode, PlanNode } from '@apollo/query-planner';
import { createHash } from 'node:crypto';
import { DocumentNode, ExecutionResult, GraphQLError, print } from 'graphql';
import { AsyncQueue } from '../../lib/graphql/async-queue';
import { Identity, Role } from '../../lib/identity/identity';
import { Logger } from '../../lib/logger';
import { FederatedPlanner } from './federated-planner';
import { FederatedExecution, executeSubscriptionEvent } from './plan-executor';
import { UpstreamSubscriptions } from './upstream-subscriptions';

export interface SubscribeRequest {
  document: DocumentNode;
  operationName?: string | null;
  variables: Record<string, unknown>;
  identity: Identity;
}

interface Shared {
  subscribers: Set<AsyncQueue<ExecutionResult>>;
  upstream: AsyncQueue<ExecutionResult>;
}

/**
 * Who may see the same results: every customer's users see the same shipments, and so do all
 * service reps. Subscribers in one scope asking the same thing share one upstream subscription.
 */
function scopeOf(identity: Identity): Identity {
  const scope = identity.role === Role.Customer ? `customer:${identity.customerId}` : identity.role;
  return { sub: `subscriptions:${scope}`, role: identity.role, customerId: identity.customerId };
}

function sharingKey(request: SubscribeRequest, scope: Identity): string {
  const variables = JSON.stringify(request.variables, Object.keys(request.variables).sort());
  return createHash('sha256').update(`${scope.sub}\u0000${request.operationName ?? ''}\u0000${variables}\u0000${print(request.document)}`).digest('hex');
}

/**
 * Executes federated subscriptions: one upstream subscription and one entity resolution per event
 * for all subscribers of the same (operation, variables, scope), fanned out to each of them.
 */
export class SubscriptionHub {
  private readonly shared = new Map<string, Shared>();

  constructor(
    private readonly planner: FederatedPlanner,
    private readonly serviceMap: ServiceMap,
    private readonly upstream: UpstreamSubscriptions,
    private readonly logger: Logger,
  ) {}

  /** Upstream subscriptions currently open (shared ones count once). */
  get upstreamCount(): number {
    return this.shared.size;
  }

  subscribe(request: SubscribeRequest): AsyncQueue<ExecutionResult> {
    const scope = scopeOf(request.identity);
    const key = sharingKey(request, scope);
    const shared = this.shared.get(key) ?? this.open(key, request, scope);
    const subscriber: AsyncQueue<ExecutionResult> = new AsyncQueue(async () => {
      shared.subscribers.delete(subscriber);
      if (shared.subscribers.size === 0 && this.shared.get(key) === shared) {
        this.shared.delete(key);
        await shared.upstream.return();
      }
    });
    shared.subscribers.add(subscriber);
    return subscriber;
  }

  private open(key: string, request: SubscribeRequest, scope: Identity): Shared {
    const planned = this.planner.plan(request.document, request.operationName);
    const node = planned.plan.node;
    if (node?.kind !== 'Subscription') throw new GraphQLError('not a subscription operation');
    const { primary, rest } = node;
    const variables = Object.fromEntries((primary.variableUsages ?? []).filter((v) => v in request.variables).map((v) => [v, request.variables[v]]));
    const shared: Shared = {
      subscribers: new Set(),
      upstream: this.upstream.subscribe(primary.serviceName, scope, primary.operation, variables),
    };
    this.shared.set(key, shared);
    const execution: FederatedExecution = {
      planner: this.planner,
      planned,
      variables: request.variables,
      context: { identity: scope },
      serviceMap: this.serviceMap,
      logger: this.logger,
    };
    void this.pump(key, shared, execution, primary, rest);
    return shared;
  }

  /** Resolves each upstream event once and hands the same result to every subscriber. */
  private async pump(key: string, shared: Shared, execution: FederatedExecution, primary: FetchNode, rest: PlanNode | undefined): Promise<void> {
    try {
      for await (const event of shared.upstream) {
        const result = event.data ? await executeSubscriptionEvent(execution, primary, rest, event.data as Record<string, unknown>) : event;
        for (const subscriber of shared.subscribers) subscriber.push(result);
      }
    } catch (error) {
      this.logger.warn('upstream subscription ended with an error', { error });
      for (const subscriber of shared.subscribers) subscriber.fail(error);
    } finally {
      if (this.shared.get(key) === shared) this.shared.delete(key);
      for (const subscriber of [...shared.subscribers]) await subscriber.return();
    }
  }

  async dispose(): Promise<void> {
    for (const shared of [...this.shared.values()]) await shared.upstream.return();
    this.shared.clear();
  }
}
